// Package hugo5379 is modelled on the shape of hugo#5379: rendering a
// page's content runs in a `sync.Once` and, for a page whose shortcodes
// render other pages' content, reaches the same page's `initContent`
// again: the nested `Once.Do` waits on the `Once`'s own mutex, which the
// outer `Do` holds until its function returns.
package hugo5379

import "sync"

type Page struct {
	contentInit sync.Once
	content     string
	shortcodes  []*shortcode
	site        *Site
}

type shortcode struct {
	ref string
}

type Site struct {
	pages map[string]*Page
}

func (p *Page) initContent() {
	p.contentInit.Do(func() {
		p.content = p.renderShortcodes()
	})
}

func (p *Page) renderShortcodes() string {
	out := ""
	for _, sc := range p.shortcodes {
		ref := p.site.pages[sc.ref]
		// Known miss: a `sync.Once` is not a lock of the lock model; the page referring to itself re-enters its own `contentInit.Do`.
		ref.initContent()
		out += ref.content
	}
	return out
}

// renderShortcodesFixed is the shape of upstream's fix: a page referring
// to itself uses what it has, without re-entering its own Once.
func (p *Page) renderShortcodesFixed() string {
	out := ""
	for _, sc := range p.shortcodes {
		ref := p.site.pages[sc.ref]
		if ref != p {
			ref.initContent()
		}
		out += ref.content
	}
	return out
}
