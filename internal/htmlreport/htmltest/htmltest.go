// Package htmltest reads back a page htmlreport wrote, for tests: it
// parses the page into a tree and lists what would make it load anything
// from elsewhere or run code it did not mean to.
package htmltest

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
)

// Node is an element of the page.
type Node struct {
	Name     string
	Attr     map[string]string
	Children []*Node
	// parts are the node's text runs and children in document order.
	parts []any // string or *Node
}

// Parse reads an HTML page. encoding/xml in its lenient mode, with
// HTML's void elements and entities, reads the pages htmlreport writes;
// it is not a general HTML parser.
func Parse(page []byte) (*Node, error) {
	d := xml.NewDecoder(strings.NewReader(string(page)))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	root := &Node{Name: "#document", Attr: map[string]string{}}
	stack := []*Node{root}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("parsing the page: %w", err)
		}
		top := stack[len(stack)-1]
		switch t := tok.(type) {
		case xml.StartElement:
			n := &Node{Name: strings.ToLower(t.Name.Local), Attr: map[string]string{}}
			for _, a := range t.Attr {
				name := strings.ToLower(a.Name.Local)
				if a.Name.Space != "" {
					name = strings.ToLower(a.Name.Space) + ":" + name
				}
				n.Attr[name] = a.Value
			}
			top.Children = append(top.Children, n)
			top.parts = append(top.parts, n)
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) == 1 {
				return nil, fmt.Errorf("parsing the page: </%s> closes nothing", t.Name.Local)
			}
			stack = stack[:len(stack)-1]
		case xml.CharData:
			top.parts = append(top.parts, string(t))
		}
	}
	if len(stack) != 1 {
		return nil, fmt.Errorf("parsing the page: <%s> is not closed", stack[len(stack)-1].Name)
	}
	return root, nil
}

// Text is the text of n and its descendants, as a browser's textContent.
func (n *Node) Text() string {
	var b strings.Builder
	var walk func(*Node)
	walk = func(n *Node) {
		for _, p := range n.parts {
			switch p := p.(type) {
			case string:
				b.WriteString(p)
			case *Node:
				walk(p)
			}
		}
	}
	walk(n)
	return b.String()
}

// All returns the elements under n, n included, for which keep is true,
// in document order.
func (n *Node) All(keep func(*Node) bool) []*Node {
	var out []*Node
	var walk func(*Node)
	walk = func(n *Node) {
		if keep(n) {
			out = append(out, n)
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	walk(n)
	return out
}

// HasClass reports whether n's class attribute lists c.
func (n *Node) HasClass(c string) bool {
	for _, f := range strings.Fields(n.Attr["class"]) {
		if f == c {
			return true
		}
	}
	return false
}

// fetching are the elements that load or embed something, or send a
// form: the page has none.
var fetching = map[string]bool{
	"link": true, "img": true, "iframe": true, "frame": true, "object": true,
	"embed": true, "base": true, "form": true, "video": true, "audio": true,
	"source": true, "track": true, "svg": true, "image": true, "use": true,
}

// loading are the attributes that name something to load.
var loading = map[string]bool{
	"src": true, "srcset": true, "action": true, "formaction": true,
	"background": true, "poster": true, "data": true, "ping": true,
	"xlink:href": true, "manifest": true,
}

// Problems lists what in the page breaks the promise that it is one
// self-contained file: an element or attribute that loads something,
// a link anywhere but into the page or to a local file (a file:///
// URL or a relative path), a stylesheet
// that fetches, an inline event handler, or a missing content security
// policy that forbids fetching.
func Problems(doc *Node) []string {
	var out []string
	csp := false
	for _, n := range doc.All(func(*Node) bool { return true }) {
		if fetching[n.Name] {
			out = append(out, fmt.Sprintf("<%s> element", n.Name))
		}
		if n.Name == "meta" && strings.EqualFold(n.Attr["http-equiv"], "content-security-policy") &&
			strings.Contains(n.Attr["content"], "default-src 'none'") {
			csp = true
		}
		if n.Name == "script" && strings.TrimSpace(n.Text()) == "" {
			out = append(out, "an empty <script>")
		}
		if n.Name == "style" && fetchesCSS(n.Text()) {
			out = append(out, "a <style> that loads something")
		}
		for name, v := range n.Attr {
			switch {
			case loading[name]:
				out = append(out, fmt.Sprintf("<%s %s=%q>", n.Name, name, v))
			case strings.HasPrefix(name, "on"):
				out = append(out, fmt.Sprintf("<%s %s=%q>: an inline event handler", n.Name, name, v))
			case name == "style" && fetchesCSS(v):
				out = append(out, fmt.Sprintf("<%s style=%q> loads something", n.Name, v))
			case name == "href" && !localHref(v):
				out = append(out, fmt.Sprintf("<%s href=%q>: a link out of the page", n.Name, v))
			}
		}
	}
	if !csp {
		out = append(out, "no content security policy with default-src 'none'")
	}
	return out
}

func fetchesCSS(s string) bool {
	s = strings.ToLower(s)
	return strings.Contains(s, "url(") || strings.Contains(s, "@import") || strings.Contains(s, "image-set(")
}

// localHref reports whether a link stays in the page or on this machine:
// a fragment, a file:/// URL, or a relative path (no scheme, no host).
func localHref(v string) bool {
	if strings.HasPrefix(v, "#") || strings.HasPrefix(v, "file:///") {
		return true
	}
	u, err := url.Parse(v)
	return err == nil && u.Scheme == "" && u.Host == "" && !strings.HasPrefix(v, "//") && !strings.HasPrefix(v, "/")
}
