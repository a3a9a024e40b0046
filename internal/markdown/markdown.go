// Package markdown renders the Markdown of a page to HTML for a 政务公开
// site: GitHub-flavoured Markdown (tables, strikethrough, autolinks, task
// lists) with footnotes, a table of contents, shortcodes, and the plain text
// for search, adapted to Chinese text:
//
//   - emphasis follows the CommonMark CJK-friendly amendments, so
//     这是**“加粗”**文字 is bold (emphasis.go);
//   - a line break between Chinese characters adds no space (linebreak.go);
//   - heading ids keep the Chinese text: 一、总体要求 → 一总体要求 (ids.go);
//   - bare URLs and e-mail addresses right after Chinese text are linked
//     (linkify.go).
//
// Raw HTML in the source is never passed through, and links to javascript:,
// vbscript:, file: and data: URLs (except data: images) lose their target.
// Tables are wrapped in a scrollable, focusable region for narrow screens.
package markdown

import (
	"bufio"
	"bytes"
	"fmt"
	"sort"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Heading is a heading of a document.
type Heading struct {
	Level int    // 2 for ##, …
	ID    string // the id attribute as rendered
	Text  string // the heading's text without markup
}

// Result is a rendered document.
type Result struct {
	HTML []byte // body HTML
	// Headings holds every h2…h4, in order.
	Headings []Heading
	// TOC is <nav class="toc" aria-label="目录"><ol>…</ol></nav> of the h2
	// and h3 headings, h3 nested under their h2; empty when the document
	// has fewer than Options.TOCMinHeadings of them.
	TOC []byte
	// Plain is the text without markup, for search indexes and summaries:
	// one line per heading, paragraph, list item paragraph, table row…
	Plain string
}

// Options configure a Renderer.
type Options struct {
	// Shortcodes renders shortcodes; when nil, every shortcode is an error
	// (ErrNoShortcodes).
	Shortcodes ShortcodeFunc
	// TOCMinHeadings is the number of h2/h3 headings from which a document
	// gets a TOC: 0 means the default, 3; a negative value turns the TOC off.
	TOCMinHeadings int
	// ReservedID, when not nil, tells the ids that the page around the
	// document makes itself (a chart's data, the skip link's target): a
	// heading's own id ({#…}) that is one of them is an error, and a
	// generated one steps aside.
	ReservedID func(id string) bool
}

// DefaultTOCMinHeadings is the TOCMinHeadings used when it is 0.
const DefaultTOCMinHeadings = 3

// Renderer renders documents. It is safe for concurrent use.
type Renderer struct {
	md   goldmark.Markdown
	opts Options
	// attributes sets the headings' ids and the aligned table cells'
	// classes as attributes, and renders headings with goldmark's
	// renderer: the general way, which tests compare the faster one with.
	attributes bool
}

// New returns a Renderer. The goldmark pipeline is built here, once.
func New(opts Options) *Renderer { return newRenderer(opts, false) }

func newRenderer(opts Options, attributes bool) *Renderer {
	if opts.TOCMinHeadings == 0 {
		opts.TOCMinHeadings = DefaultTOCMinHeadings
	}
	// goldmark's default inline parsers, with its emphasis parser replaced
	// by the CJK-friendly one.
	var inlines []util.PrioritizedValue
	defaultEmphasis := parser.NewEmphasisParser()
	for _, v := range parser.DefaultInlineParsers() {
		if v.Value == defaultEmphasis {
			v = util.Prioritized(cjkEmphasisParser{}, v.Priority)
		}
		inlines = append(inlines, v)
	}
	transformers := []util.PrioritizedValue{
		util.Prioritized(newCJKLinkifyTransformer(), 900),
		util.Prioritized(headingIDTransformer{}, 1000),
	}
	if attributes {
		// Else renderTableCell writes the class from the alignment.
		transformers = append(transformers, util.Prioritized(tableAlignTransformer{}, 1001))
	}
	p := parser.NewParser(
		parser.WithBlockParsers(blockParsers()...),
		parser.WithInlineParsers(inlines...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
		parser.WithAttribute(), // {#id} and {.class} after headings
		parser.WithASTTransformers(transformers...),
	)
	nodeRenderers := []util.PrioritizedValue{
		util.Prioritized(tableWrapRenderer{}, 100),
		util.Prioritized(newTextRenderer(), 100),
	}
	if !attributes {
		nodeRenderers = append(nodeRenderers, util.Prioritized(headingRenderer{}, 100))
	}
	md := goldmark.New(
		goldmark.WithParser(p),
		goldmark.WithExtensions(
			// GFM (extension.GFM) with its strikethrough parser replaced by
			// the CJK-friendly one: tables, autolinks, task lists…
			// Cell alignment as a class, not a style attribute: the site's
			// Content-Security-Policy forbids inline styles.
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
			extension.Linkify,
			extension.TaskList,
			cjkStrikethrough{},
			extension.NewFootnote(
				extension.WithFootnoteBacklinkTitle("返回正文"),
			),
			// No space for a line break between two East Asian characters
			// (textRenderer refines goldmark's rule, see linebreak.go);
			// "\ " is an invisible separator.
			extension.NewCJK(
				extension.WithEastAsianLineBreaks(extension.EastAsianLineBreaksSimple),
				extension.WithEscapedSpace(),
			),
		),
		// html.WithUnsafe is deliberately absent: raw HTML is omitted and
		// dangerous link targets are dropped.
		goldmark.WithRendererOptions(
			// A lower number wins: these replace the renderers of the
			// table extension (500) and of goldmark's HTML renderer (1000)
			// for <table>, text and (unless attributes) headings.
			renderer.WithNodeRenderers(nodeRenderers...),
		),
	)
	return &Renderer{md: md, opts: opts, attributes: attributes}
}

// Render renders src, a document without its front matter. The errors are
// those of the document's shortcodes, all of them, sorted by position; the
// Result is complete even when there are errors (a failed shortcode renders
// as nothing).
func (r *Renderer) Render(src []byte) (Result, []ShortcodeError) {
	p, errs := r.Parse(src)
	res := Result{Headings: p.Headings, TOC: p.TOC, Plain: p.Plain}
	if p.doc != nil {
		res.HTML = p.AppendHTML(make([]byte, 0, len(p.source)+len(p.source)/2))
	}
	return res, errs
}

// Parsed is a document parsed, its shortcodes resolved and its headings,
// TOC and text collected: all of Render's Result but the HTML, which a
// page that has its place ready appends there (AppendHTML). Performance:
// rendered into a buffer of its own and copied into the page, each
// document's body was one more allocation and copy (docs/performance.md).
type Parsed struct {
	// Headings, TOC and Plain are Result's.
	Headings []Heading
	TOC      []byte
	Plain    string

	r      *Renderer
	doc    ast.Node
	source []byte
	st     *shortcodes
	ids    *headingIDs
}

// Parse does what Render does but write the HTML: the errors are the
// same, and so is the document (empty, for one that Render could not read
// at all).
func (r *Renderer) Parse(src []byte) (*Parsed, []ShortcodeError) {
	if err := checkShape(src); err != nil {
		return &Parsed{}, []ShortcodeError{*err}
	}
	sc := scanShortcodes(src)
	source := sc.out
	st := &shortcodes{items: sc.items, errs: sc.errs}

	ids := newHeadingIDs()
	ids.reserved = r.opts.ReservedID
	ids.attributes = r.attributes
	pc := parser.NewContext(parser.WithIDs(ids))
	doc := r.md.Parser().Parse(text.NewReader(source), parser.WithContext(pc))
	for _, h := range ids.refused {
		st.errs = append(st.errs, ShortcodeError{Line: idLine(src, h.id, lineAt(source, h.off)), Col: 1,
			Err: fmt.Errorf("标题的 id %q 是页面自己使用的（页面框架、图表 c_…、表格 t_…、脚注 fn:…），会使页面的图表或跳转出错；请换一个 id", h.id)})
	}

	if len(st.items) > 0 {
		markCodeShortcodes(doc, source, st)
		st.resolve(r.opts.Shortcodes)
	}
	fixLinks(doc, st)

	p := &Parsed{r: r, doc: doc, source: source, st: st, ids: ids}
	headings, plain := collectText(doc, source, st, ids)
	p.Plain = plain
	p.Headings = make([]Heading, 0, len(headings))
	for _, h := range headings {
		if h.Level >= 2 && h.Level <= 4 {
			p.Headings = append(p.Headings, h)
		}
	}
	p.TOC = buildTOC(headings, r.opts.TOCMinHeadings)

	sort.SliceStable(st.errs, func(i, j int) bool {
		a, b := st.errs[i], st.errs[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return p, st.errs
}

// AppendHTML appends the document's HTML (Result.HTML) to dst; nothing for
// a document that Parse could not read.
func (p *Parsed) AppendHTML(dst []byte) []byte {
	if p.doc == nil {
		return dst
	}
	start := len(dst)
	out := &appendWriter{b: dst}
	// Rendering into memory cannot fail; goldmark flushes.
	bw := bufWriters.Get().(*bufio.Writer)
	bw.Reset(out)
	_ = p.r.md.Renderer().Render(&docWriter{Writer: bw, ids: p.ids}, p.source, p.doc)
	bw.Reset(nil)
	bufWriters.Put(bw)
	if len(p.st.items) > 0 && bytes.Contains(out.b[start:], tokenPrefix) {
		html := p.st.replace(out.b[start:], false)
		out.b = append(out.b[:start], html...)
	}
	return out.b
}

// appendWriter is an io.Writer that appends to b.
type appendWriter struct{ b []byte }

func (w *appendWriter) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}

// bufWriters are the buffered writers documents are rendered through,
// 4 KB each, rather than one new for every document.
var bufWriters = sync.Pool{New: func() any { return bufio.NewWriter(nil) }}

// Limits on the shape of a document, where goldmark's time grows with the
// square of the input (measured: each of these at 100,000 takes from half a
// minute to several minutes). No real document comes near them.
const (
	// MaxNesting is the number of block quotes and list items a line may
	// open.
	MaxNesting = 32
	// MaxLinkDefinitions is the number of link reference definitions
	// ([标签]: 网址) a document may have: each costs a pass over the rest
	// of its paragraph.
	MaxLinkDefinitions = 200
	// MaxParagraphLines is the number of lines that may follow each other
	// without a blank line: each [bracket] costs a pass over the lines of
	// its paragraph.
	MaxParagraphLines = 5000
)

// checkShape returns an error at the first line past one of the limits
// above, or nil. It looks at the start of each line, where a container or
// a definition opens (a line starting with "[…]:" counts as a definition),
// and at blank lines.
func checkShape(src []byte) *ShortcodeError {
	at := func(line int, format string, args ...any) *ShortcodeError {
		return &ShortcodeError{Line: line, Col: 1, Err: fmt.Errorf(format, args...)}
	}
	defs, run := 0, 0
	for i, ln := 0, 1; i < len(src); ln++ {
		end := len(src)
		if k := bytes.IndexByte(src[i:], '\n'); k >= 0 {
			end = i + k
		}
		line := src[i:end]
		i = end + 1
		n, rest := containerMarkers(line)
		if n > MaxNesting {
			return at(ln, "嵌套过深: 这一行有 %d 层以上的引用(>)或列表(-、*、+、1.)，上限为 %d 层；请检查是否误输入了大量 > 或 -", n, MaxNesting)
		}
		if len(rest) > 0 && rest[0] == '[' && bytes.Contains(rest, []byte("]:")) {
			if defs++; defs > MaxLinkDefinitions {
				return at(ln, "链接引用定义([标签]: 网址)过多: 超过 %d 个", MaxLinkDefinitions)
			}
		}
		if len(bytes.TrimSpace(line)) == 0 {
			run = 0
		} else if run++; run > MaxParagraphLines {
			return at(ln, "段落过长: 连续 %d 行以上没有空行；请用空行分段，或把大表格作为附件(CSV)发布", MaxParagraphLines)
		}
	}
	return nil
}

// containerMarkers counts the block quote and list markers at the start of
// line (stopping just past MaxNesting) and returns the rest of the line.
func containerMarkers(line []byte) (n int, rest []byte) {
	i := 0
	for i < len(line) && n <= MaxNesting {
		switch c := line[i]; {
		case c == ' ' || c == '\t':
			i++
		case c == '>':
			n++
			i++
		case c == '-' || c == '+' || c == '*':
			if i+1 < len(line) && line[i+1] != ' ' && line[i+1] != '\t' {
				return n, line[i:]
			}
			n++
			i++
		case '0' <= c && c <= '9':
			j := i
			for j < len(line) && j-i < 10 && '0' <= line[j] && line[j] <= '9' {
				j++
			}
			if j < len(line) && (line[j] == '.' || line[j] == ')') && (j+1 == len(line) || line[j+1] == ' ' || line[j+1] == '\t') {
				n++
				i = j + 1
				continue
			}
			return n, line[i:]
		default:
			return n, line[i:]
		}
	}
	return n, line[i:]
}

// markCodeShortcodes marks the shortcodes whose tokens ended up in code
// (which the pre-pass did not recognise, e.g. an indented code block) or in
// image descriptions as literal, so they show as written.
func markCodeShortcodes(doc ast.Node, source []byte, st *shortcodes) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock:
			if f, ok := n.(*ast.FencedCodeBlock); ok && f.Info != nil {
				st.markLiteral(f.Info.Segment.Value(source))
			}
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				st.markLiteral(seg.Value(source))
			}
			return ast.WalkSkipChildren, nil
		case *ast.CodeSpan, *ast.Image, *ast.RawHTML:
			_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
				if entering {
					if t, ok := c.(*ast.Text); ok {
						st.markLiteral(t.Segment.Value(source))
					}
				}
				return ast.WalkContinue, nil
			})
			if raw, ok := n.(*ast.RawHTML); ok {
				for i := 0; i < raw.Segments.Len(); i++ {
					seg := raw.Segments.At(i)
					st.markLiteral(seg.Value(source))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}

// fixLinks puts the output of shortcodes used as link or image targets or
// titles ([文件]({{< ref "x" >}})) into the node, where the renderer escapes
// and checks it like any URL, and empties targets that a browser would run
// as script (see unsafeURL).
func fixLinks(doc ast.Node, st *shortcodes) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			n.Destination = st.replaceRaw(n.Destination)
			n.Title = st.replaceRaw(n.Title)
			if unsafeURL(n.Destination, false) {
				n.Destination = []byte{}
			}
		case *ast.Image:
			n.Destination = st.replaceRaw(n.Destination)
			n.Title = st.replaceRaw(n.Title)
			if unsafeURL(n.Destination, true) {
				n.Destination = []byte{}
			}
		}
		return ast.WalkContinue, nil
	})
}

// unsafeURL reports whether u is a javascript:, vbscript:, file: or data: URL
// (data: images in PNG, GIF, JPEG or WebP are allowed for images), reading
// the scheme as a browser does: leading spaces and control characters are
// ignored, tabs and line breaks removed, case ignored. goldmark's renderer
// makes a similar check (html.IsDangerousURL) on the escaped URL; this one
// runs first, on the URL as written after entity decoding.
func unsafeURL(u []byte, image bool) bool {
	var scheme []byte
	i := 0
	for i < len(u) && u[i] <= ' ' {
		i++
	}
	for ; i < len(u); i++ {
		c := u[i]
		switch {
		case c == '\t' || c == '\n' || c == '\r':
			continue
		case c == ':':
			return dangerousScheme(string(scheme), u[i+1:], image)
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '+', c == '-', c == '.':
			scheme = append(scheme, c)
		case 'A' <= c && c <= 'Z':
			scheme = append(scheme, c+'a'-'A')
		default:
			return false // not a scheme: a relative URL
		}
		if len(scheme) > 32 {
			return false
		}
	}
	return false
}

func dangerousScheme(scheme string, rest []byte, image bool) bool {
	switch scheme {
	case "javascript", "vbscript", "file":
		return true
	case "data":
		if !image {
			return true
		}
		r := bytes.ToLower(bytes.TrimLeft(rest, " \t\r\n"))
		for _, t := range []string{"image/png", "image/gif", "image/jpeg", "image/webp"} {
			if bytes.HasPrefix(r, []byte(t)) {
				return false
			}
		}
		return true
	}
	return false
}

// replaceRaw replaces tokens by the shortcodes' output without any HTML
// handling (the caller escapes).
func (st *shortcodes) replaceRaw(b []byte) []byte {
	if !bytes.Contains(b, tokenPrefix) {
		return b
	}
	var out []byte
	for {
		k := bytes.Index(b, tokenPrefix)
		if k < 0 {
			return append(out, b...)
		}
		idx, n := parseToken(b[k:])
		if idx < 0 || idx >= len(st.items) {
			out = append(out, b[:k+len(tokenPrefix)]...)
			b = b[k+len(tokenPrefix):]
			continue
		}
		out = append(out, b[:k]...)
		it := &st.items[idx]
		if it.literal {
			out = append(out, it.raw...)
		} else {
			out = append(out, it.html...)
		}
		b = b[k+n:]
	}
}

// cjkStrikethrough is extension.Strikethrough with cjkStrikethroughParser.
type cjkStrikethrough struct{}

func (cjkStrikethrough) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(
		util.Prioritized(cjkStrikethroughParser{}, 500),
	))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(extension.NewStrikethroughHTMLRenderer(), 500),
	))
}
