package gl105

import "errors"

// A channel variable made at two sites of one function: each send is
// checked against the sites that can have made the channel it finds.

var errNoJobs = errors.New("batch: no jobs")

// runBatch reports an empty batch on errc before it makes the buffered
// channel the workers will use: the channel at hand is the unbuffered one
// made first, and nobody else can receive from it.
func runBatch(jobs []func() error) error {
	errc := make(chan error)
	if len(jobs) == 0 {
		errc <- errNoJobs // want "GL105"
		return <-errc
	}
	errc = make(chan error, len(jobs))
	for _, job := range jobs {
		errc <- job()
	}
	close(errc)
	for err := range errc {
		if err != nil {
			return err
		}
	}
	return nil
}

// probeOnce buffers its channel when asked to probe in place: the send
// finds either channel, and the buffered one has room, so it is not
// reported (the unbuffered path never sends).
func probeOnce(inPlace bool, probe func() error) error {
	errc := make(chan error)
	if inPlace {
		errc = make(chan error, 1)
	}
	if !inPlace {
		return probe()
	}
	errc <- probe()
	return <-errc
}
