package markdown

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// headingIDs is the per-document parser.IDs: it makes ids that keep the
// letters and digits of every script, so 一、总体要求 becomes 一总体要求 rather
// than goldmark's "heading". Create one per document.
type headingIDs struct {
	used     map[string]bool
	next     map[string]int // last suffix tried for a base id
	sections int            // fallback ids handed out
	// reserved tells the ids of the page around the document
	// (Options.ReservedID); refused lists the headings that chose one.
	reserved func(string) bool
	refused  []refusedID
	// byHeading holds the id of each heading, which the heading renderer
	// writes and collectText reads. Performance: an id set as an
	// attribute made goldmark allocate room for ten attributes on every
	// heading. With attributes set (Renderer.attributes, the general
	// way kept for TestHeadingIDsAsAttributes) the ids are attributes.
	byHeading  map[*ast.Heading]string
	attributes bool
}

// idOf returns the id of h.
func (s *headingIDs) idOf(h *ast.Heading) string {
	if id, ok := s.byHeading[h]; ok {
		return id
	}
	id, _ := h.AttributeString("id")
	return attrString(id)
}

// refusedID is a heading's own id that the page reserves, at the offset of
// the heading's text in the parsed source.
type refusedID struct {
	id  string
	off int
}

func (s *headingIDs) isReserved(id string) bool { return s.reserved != nil && s.reserved(id) }

var _ parser.IDs = (*headingIDs)(nil)

func newHeadingIDs() *headingIDs {
	return &headingIDs{used: make(map[string]bool, 16), next: map[string]int{}}
}

// Slug turns heading text into an id base: letters, marks and digits of any
// script and '_' are kept (ASCII letters lowercased), runs of white space
// and '-' become a single '-', everything else (、，。：（）() …) is
// dropped. There is no '-' at either end. The result may be empty.
func Slug(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	dash := false
	for _, r := range s {
		switch {
		case 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || 0x4E00 <= r && r <= 0x9FFF:
			// Kept, without unicode's tables: nearly every character of a
			// Chinese heading is in the block of CJK Unified Ideographs,
			// all of which are letters (TestSlugIdeographsAreLetters).
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case punctuation(r):
			// Dropped, without unicode's tables: the common punctuation
			// of Chinese headings (、（）《》“”—), neither letter, digit,
			// mark nor space (TestSlugPunctuationAsTables).
		case 'A' <= r && r <= 'Z':
			r += 'a' - 'A'
			fallthrough
		case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || (b.Len() > 0 && unicode.IsMark(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case unicode.IsSpace(r) || r == '-':
			dash = true
		}
	}
	return b.String()
}

// punctuation reports whether r is one of the common punctuation marks of
// Chinese text, ASCII excepted: U+2010–U+2027, U+3001–U+3004,
// U+3008–U+3011, U+3014–U+301F and the full-width ！…／ and ：…＠.
func punctuation(r rune) bool {
	return 0x2010 <= r && r <= 0x2027 || 0x3001 <= r && r <= 0x3004 || 0x3008 <= r && r <= 0x3011 || 0x3014 <= r && r <= 0x301F ||
		0xFF01 <= r && r <= 0xFF0F || 0xFF1A <= r && r <= 0xFF20
}

// Generate implements parser.IDs: it slugs value and makes it unique in the
// document by appending -1, -2, …; an empty slug becomes section-N.
func (s *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	return []byte(s.unique(Slug(string(value))))
}

// Put implements parser.IDs: it records an id that is used as it is.
func (s *headingIDs) Put(value []byte) {
	s.used[string(value)] = true
}

func (s *headingIDs) unique(base string) string {
	if base != "" && s.isReserved(base) {
		base = "h-" + base // a heading "Main" or "C_2024" keeps clear of the page's ids
	}
	if base == "" {
		for {
			s.sections++
			id := "section-" + strconv.Itoa(s.sections)
			if !s.used[id] {
				s.used[id] = true
				return id
			}
		}
	}
	if !s.used[base] {
		s.used[base] = true
		return base
	}
	for i := s.next[base] + 1; ; i++ {
		id := base + "-" + strconv.Itoa(i)
		if !s.used[id] {
			s.used[id] = true
			s.next[base] = i
			return id
		}
	}
}

// headingIDTransformer gives every heading an id once the inlines are
// parsed, so the id comes from the heading's text as a reader sees it (not
// from markup such as ** or link targets). Explicit ids ({#id}) are reserved
// first, so a generated id never takes one; a repeated explicit id gets a
// suffix, as ids must be unique. Attributes other than id and class are
// removed from headings (no inline styles or event handlers).
type headingIDTransformer struct{}

func (headingIDTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	ids := pc.IDs()
	src := reader.Source()
	var headings []*ast.Heading
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			headings = append(headings, n)
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph, *ast.TextBlock, *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil // no headings in inlines
		}
		return ast.WalkContinue, nil
	})
	explicit := make([]string, len(headings))
	seen := map[string]bool{}
	for i, h := range headings {
		if v, ok := h.AttributeString("id"); ok {
			id := attrString(v)
			if strings.Contains(id, string(tokenPrefix)) {
				id = "" // a shortcode in {#…}: its HTML must not land in an attribute
			}
			if hid, ok := ids.(*headingIDs); ok && id != "" && hid.isReserved(id) {
				off := 0
				if h.Lines().Len() > 0 {
					off = h.Lines().At(0).Start
				}
				hid.refused = append(hid.refused, refusedID{id: id, off: off})
				id = "" // an error; the page gets a generated id meanwhile
			}
			if id != "" && !seen[id] {
				seen[id] = true
				explicit[i] = id
				ids.Put([]byte(id))
			} else if id != "" {
				explicit[i] = "\x00" + id // duplicate: made unique below
			}
		}
		cleanHeadingAttributes(h)
	}
	hid, _ := ids.(*headingIDs)
	if hid != nil && !hid.attributes {
		hid.byHeading = make(map[*ast.Heading]string, len(headings))
	}
	for i, h := range headings {
		var id []byte
		switch e := explicit[i]; {
		case e == "":
			if hid, ok := ids.(*headingIDs); ok {
				id = []byte(hid.unique(Slug(inlineText(h, src, nil))))
			} else {
				id = ids.Generate([]byte(inlineText(h, src, nil)), ast.KindHeading)
			}
		case e[0] == 0:
			if hid, ok := ids.(*headingIDs); ok {
				id = []byte(hid.unique(e[1:]))
			} else {
				id = ids.Generate([]byte(e[1:]), ast.KindHeading)
			}
		default:
			id = []byte(e)
		}
		if hid != nil && !hid.attributes {
			hid.byHeading[h] = string(id)
		} else {
			h.SetAttributeString("id", id)
		}
	}
}

// renderHeading writes a heading as goldmark's HTML renderer does, with
// its id from headingIDs after its other attributes (the class) where
// goldmark would have written the id attribute set last.
func renderHeading(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	if !entering {
		_, _ = w.WriteString("</h")
		_ = w.WriteByte("0123456"[n.Level])
		_, _ = w.WriteString(">\n")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("<h")
	_ = w.WriteByte("0123456"[n.Level])
	if n.Attributes() != nil {
		ghtml.RenderAttributes(w, node, ghtml.HeadingAttributeFilter)
	}
	if dw, ok := w.(*docWriter); ok && dw.ids != nil {
		if id, ok := dw.ids.byHeading[n]; ok {
			_, _ = w.WriteString(` id="`)
			_, _ = w.Write(util.EscapeHTML([]byte(id)))
			_ = w.WriteByte('"')
		}
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

// headingRenderer is renderHeading as a goldmark NodeRenderer.
type headingRenderer struct{}

func (headingRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, renderHeading)
}

// lineAt returns the 1-based line of offset off in src.
func lineAt(src []byte, off int) int {
	return bytes.Count(src[:min(off, len(src))], []byte("\n")) + 1
}

// idLine returns the line of src on which a heading sets the id ({#id},
// { #id .class }), or fallback. Rendering parses a copy of the document in
// which block shortcodes stand on lines of their own, so the offset of the
// heading in that copy may be some lines off.
func idLine(src []byte, id string, fallback int) int {
	for n, line := range bytes.Split(src, []byte("\n")) {
		open := bytes.LastIndexByte(line, '{')
		if open < 0 {
			continue
		}
		for _, f := range bytes.FieldsFunc(line[open+1:], func(r rune) bool { return r == ' ' || r == '}' || r == '\t' }) {
			if string(f) == "#"+id {
				return n + 1
			}
		}
	}
	return fallback
}

func attrString(v any) string {
	switch t := v.(type) {
	case []byte:
		return string(t)
	case string:
		return t
	}
	return ""
}

// cleanHeadingAttributes keeps only id and class.
func cleanHeadingAttributes(h *ast.Heading) {
	attrs := h.Attributes()
	if len(attrs) == 0 {
		return
	}
	keep := attrs[:0:0]
	for _, a := range attrs {
		if string(a.Name) == "class" && !strings.Contains(attrString(a.Value), string(tokenPrefix)) {
			keep = append(keep, a)
		}
	}
	h.RemoveAttributes()
	for _, a := range keep {
		h.SetAttribute(a.Name, a.Value)
	}
}
