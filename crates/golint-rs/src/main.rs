fn main() {
    println!("golint-rs");
}
