package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Shortcode is one {{< name key="value" … >}} of a document.
//
// Arguments are key="value" (double quotes, with \" and \\ escapes),
// key=`raw value`, key=word, or positional: "value", `raw`, word. Positional
// arguments are stored under the keys "0", "1", … in their order. A
// shortcode may span lines, but not a blank line.
//
// A shortcode alone on its line renders as a block (not inside <p>); one in
// running text renders inline. Shortcodes in code spans and code blocks are
// left as written, and so is {{</* name … */>}}, which renders as
// {{< name … >}} (Hugo's escape), or \{{< name >}}. A shortcode used as a
// link target, [文件]({{< ref x >}}), gives the URL.
type Shortcode struct {
	Name string
	Args map[string]string
	// Line and Col locate the opening {{< in the bytes given to Render,
	// 1-based; Col counts characters (runes), not bytes. Callers add the
	// front matter's line offset.
	Line, Col int
}

// ShortcodeFunc renders a shortcode to HTML. The HTML is inserted as it is.
type ShortcodeFunc func(sc Shortcode) (html string, err error)

// ShortcodeError is a malformed shortcode, or an error returned by the
// ShortcodeFunc, at Line:Col (the opening {{<, as in Shortcode).
type ShortcodeError struct {
	Line, Col int
	Name      string // the shortcode's name; empty when it could not be read
	Err       error
}

func (e ShortcodeError) Error() string {
	if e.Name != "" {
		return fmt.Sprintf("%d:%d: shortcode %q: %v", e.Line, e.Col, e.Name, e.Err)
	}
	return fmt.Sprintf("%d:%d: shortcode: %v", e.Line, e.Col, e.Err)
}

func (e ShortcodeError) Unwrap() error { return e.Err }

// ErrNoShortcodes is the error of every shortcode when Options.Shortcodes is
// nil.
var ErrNoShortcodes = errors.New("shortcodes are not available here")

// Placeholders. Each shortcode is replaced before parsing by a token of
// characters from the end of Supplementary Private Use Area-B, which neither
// Markdown syntax nor real documents use: U+10FF00, the index as digits
// U+10FF10…U+10FF19, U+10FF01. Goldmark treats the token like a word, and it
// reaches the HTML untouched, where it is replaced by the shortcode's HTML.
// Any such character already in the source is replaced by U+FFFD, so a
// document cannot forge a token.
var tokenPrefix = []byte{0xF4, 0x8F, 0xBC} // common to U+10FF00…U+10FF3F

const (
	tokenOpen  = 0x80 // last byte of U+10FF00
	tokenClose = 0x81 // last byte of U+10FF01
	tokenDigit = 0x90 // last byte of U+10FF10, digit 0
)

func appendToken(b []byte, idx int) []byte {
	b = append(b, tokenPrefix...)
	b = append(b, tokenOpen)
	for _, d := range strconv.Itoa(idx) {
		b = append(b, tokenPrefix...)
		b = append(b, tokenDigit+byte(d-'0'))
	}
	b = append(b, tokenPrefix...)
	return append(b, tokenClose)
}

// parseToken reads a token at the start of b, returning the index and the
// token's length, or -1.
func parseToken(b []byte) (idx, n int) {
	if len(b) < 4 || !bytes.HasPrefix(b, tokenPrefix) || b[3] != tokenOpen {
		return -1, 0
	}
	n = 4
	digits := 0
	idx = 0
	for len(b) >= n+4 && bytes.HasPrefix(b[n:], tokenPrefix) && b[n+3] >= tokenDigit && b[n+3] <= tokenDigit+9 {
		if digits >= 9 {
			return -1, 0
		}
		idx = idx*10 + int(b[n+3]-tokenDigit)
		digits++
		n += 4
	}
	if digits == 0 || len(b) < n+4 || !bytes.HasPrefix(b[n:], tokenPrefix) || b[n+3] != tokenClose {
		return -1, 0
	}
	return idx, n + 4
}

// scItem is a shortcode found by the pre-pass.
type scItem struct {
	sc      Shortcode
	raw     string // the text to show when literal
	literal bool   // escaped {{</* */>}}, or found inside code: show raw
	block   bool   // alone on its line: rendered as a block, not inside <p>
	html    string // the ShortcodeFunc's result
}

// scanner is the pre-pass over a document's source: it replaces shortcodes
// outside fenced code blocks and code spans by tokens.
type scanner struct {
	src        []byte
	out        []byte
	last       int // src[last:] is not yet copied to out
	items      []scItem
	errs       []ShortcodeError
	lineStarts []int
	sanitize   bool        // src contains characters of the token range
	noCloser   map[int]int // backtick run length -> no closer before this offset
	// paragraphEnd's last answer, for offsets in [paraStart, paraEnd)
	paraStart, paraEnd int
	// position's last answer: columns are counted on from it, so that a
	// line of 100,000 shortcodes is not counted again for each.
	posOff, posLine, posCol int
	// src[escFrom:escLimit] holds no "*/>}}": an escaped shortcode opening
	// there is not closed (not searched for again, for each of thousands).
	escFrom, escLimit int
}

func scanShortcodes(src []byte) *scanner {
	s := &scanner{src: src, sanitize: bytes.Contains(src, tokenPrefix)}
	if !s.sanitize && !bytes.Contains(src, []byte("{{<")) {
		s.out = src
		return s
	}
	s.out = make([]byte, 0, len(src)+64)
	s.scan()
	s.flush(len(src))
	return s
}

// flush copies src[last:upto] to out.
func (s *scanner) flush(upto int) {
	if upto <= s.last {
		return
	}
	seg := s.src[s.last:upto]
	s.last = upto
	if !s.sanitize {
		s.out = append(s.out, seg...)
		return
	}
	for {
		i := bytes.Index(seg, tokenPrefix)
		if i < 0 {
			s.out = append(s.out, seg...)
			return
		}
		s.out = append(s.out, seg[:i]...)
		s.out = append(s.out, "\uFFFD"...)
		seg = seg[i+len(tokenPrefix):]
		if len(seg) > 0 && seg[0]&0xC0 == 0x80 {
			seg = seg[1:]
		}
	}
}

// lines returns the offsets at which the lines of src start.
func (s *scanner) lines() []int {
	if s.lineStarts == nil {
		s.lineStarts = []int{0}
		for i, c := range s.src {
			if c == '\n' {
				s.lineStarts = append(s.lineStarts, i+1)
			}
		}
	}
	return s.lineStarts
}

// position returns the 1-based line and column (in runes) of offset off.
func (s *scanner) position(off int) (line, col int) {
	starts := s.lines()
	l := sort.SearchInts(starts, off+1) - 1
	if s.posLine == l+1 && s.posOff <= off {
		col = s.posCol + utf8.RuneCount(s.src[s.posOff:off])
	} else {
		col = utf8.RuneCount(s.src[starts[l]:off]) + 1
	}
	s.posOff, s.posLine, s.posCol = off, l+1, col
	return l + 1, col
}

func (s *scanner) errorf(off int, name string, format string, args ...any) {
	line, col := s.position(off)
	s.errs = append(s.errs, ShortcodeError{Line: line, Col: col, Name: name, Err: fmt.Errorf(format, args...)})
}

// lineEnd returns the offset just after the '\n' ending the line at i, or
// len(src). (A search, not a scan: a line may hold thousands of shortcodes.)
func (s *scanner) lineEnd(i int) int {
	starts := s.lines()
	if k := sort.SearchInts(starts, i+1); k < len(starts) {
		return starts[k]
	}
	return len(s.src)
}

// fence describes an open fenced code block.
type fence struct {
	char byte
	n    int
}

// fenceAt reports the fence opening or closing the line src[i:end], looking
// past indentation, blockquote markers and list markers (leniently: a line
// taken for a fence that is not one only leaves shortcodes unexpanded there).
func fenceAt(line []byte) (c byte, n int, rest []byte) {
	i := 0
	for i < len(line) {
		switch line[i] {
		case ' ', '\t', '>':
			i++
			continue
		case '-', '+', '*':
			if i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t') {
				i += 2
				continue
			}
		}
		if line[i] >= '0' && line[i] <= '9' {
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j+1 < len(line) && (line[j] == '.' || line[j] == ')') && (line[j+1] == ' ' || line[j+1] == '\t') {
				i = j + 2
				continue
			}
		}
		break
	}
	if i >= len(line) || (line[i] != '`' && line[i] != '~') {
		return 0, 0, nil
	}
	c = line[i]
	j := i
	for j < len(line) && line[j] == c {
		j++
	}
	if j-i < 3 {
		return 0, 0, nil
	}
	return c, j - i, line[j:]
}

func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

func (s *scanner) scan() {
	src := s.src
	var open *fence
	i := 0
	lineStart := true
	for i < len(src) {
		if lineStart {
			lineStart = false
			end := s.lineEnd(i)
			line := src[i:end]
			c, n, rest := fenceAt(line)
			if open != nil {
				if c == open.char && n >= open.n && isBlank(rest) {
					open = nil
				}
				i, lineStart = end, true
				continue
			}
			if c != 0 && !(c == '`' && bytes.IndexByte(rest, '`') >= 0) {
				open = &fence{c, n}
				i, lineStart = end, true
				continue
			}
		}
		switch src[i] {
		case '\n':
			i++
			lineStart = true
		case '\\':
			// an escaped character, e.g. \`
			if i+1 < len(src) && src[i+1] != '\n' {
				i += 2
			} else {
				i++
			}
		case '`':
			i = s.skipCodeSpan(i)
			if i > 0 && src[i-1] == '\n' {
				lineStart = true
			}
		case '{':
			if bytes.HasPrefix(src[i:], []byte("{{<")) {
				i = s.shortcode(i)
				if i > 0 && src[i-1] == '\n' {
					lineStart = true
				}
			} else {
				i++
			}
		default:
			i++
		}
	}
}

// paragraphEnd returns the offset of the first blank line after i (or
// len(src)): code spans and shortcodes do not cross it.
func (s *scanner) paragraphEnd(i int) int {
	if i >= s.paraStart && i < s.paraEnd {
		return s.paraEnd
	}
	s.paraStart = i
	s.paraEnd = s.findParagraphEnd(i)
	return s.paraEnd
}

func (s *scanner) findParagraphEnd(i int) int {
	for {
		j := bytes.IndexByte(s.src[i:], '\n')
		if j < 0 {
			return len(s.src)
		}
		i += j + 1
		end := s.lineEnd(i)
		if isBlank(s.src[i:end]) {
			return i
		}
	}
}

// skipCodeSpan returns the offset after the code span opening at i, or after
// the backtick run when it has no closer.
func (s *scanner) skipCodeSpan(i int) int {
	src := s.src
	j := i
	for j < len(src) && src[j] == '`' {
		j++
	}
	n := j - i
	if s.noCloser[n] > j {
		return j
	}
	limit := s.paragraphEnd(j)
	for k := j; k < limit; {
		m := bytes.IndexByte(src[k:limit], '`')
		if m < 0 {
			break
		}
		k += m
		e := k
		for e < limit && src[e] == '`' {
			e++
		}
		if e-k == n {
			return e
		}
		k = e
	}
	if s.noCloser == nil {
		s.noCloser = map[int]int{}
	}
	s.noCloser[n] = limit
	return j
}

// shortcode reads the shortcode at src[i:] ("{{<…") and returns where
// scanning goes on.
func (s *scanner) shortcode(i int) int {
	src := s.src
	limit := s.paragraphEnd(i)
	j := i + 3
	for j < limit && isSpaceByte(src[j]) {
		j++
	}
	if bytes.HasPrefix(src[j:limit], []byte("/*")) {
		// {{</* name … */>}} shows the shortcode itself (Hugo's escape).
		k := -1
		if !(j+2 >= s.escFrom && limit <= s.escLimit) {
			k = bytes.Index(src[j+2:limit], []byte("*/>}}"))
		}
		if k < 0 {
			s.escFrom, s.escLimit = j+2, limit
			s.errorf(i, "", "escaped shortcode {{</* … */>}} is not closed before the end of the paragraph")
			return i + 3
		}
		inner := src[j+2 : j+2+k]
		end := j + 2 + k + len("*/>}}")
		s.add(i, end, scItem{raw: "{{<" + string(src[i+3:j]) + string(inner) + ">}}", literal: true})
		return end
	}
	name, args, end, err := parseShortcode(src[:limit], j)
	if err != nil {
		s.errorf(i, name, "%v", err)
		return i + 3
	}
	line, col := s.position(i)
	it := scItem{
		sc:  Shortcode{Name: name, Args: args, Line: line, Col: col},
		raw: string(src[i:end]),
	}
	// Alone on its line: a block. Unindented, it gets blank lines around it
	// so that it is a paragraph of its own, which the HTML substitution
	// unwraps. Indented (in a list item, say), it is left where it is: blank
	// lines would make the list loose, and <li> may hold blocks anyway; it
	// is unwrapped if it happens to be a paragraph of its own.
	ls := s.lineStartOf(i)
	le := s.lineEnd(end)
	if isBlank(src[ls:i]) && isBlank(src[end:le]) {
		it.block = true
		if ls == i {
			s.addBlock(ls, i, end, le, it)
			return le
		}
	}
	s.add(i, end, it)
	return end
}

func (s *scanner) lineStartOf(i int) int {
	starts := s.lines()
	return starts[sort.SearchInts(starts, i+1)-1]
}

// add replaces src[i:end] by a token.
func (s *scanner) add(i, end int, it scItem) {
	s.flush(i)
	s.out = appendToken(s.out, len(s.items))
	s.items = append(s.items, it)
	s.last = end
}

// addBlock replaces the line src[ls:le] holding only a shortcode at
// src[i:end] (ls == i: not indented) by a paragraph of its own holding only
// the token, with blank lines around it, so that it renders as <p>token</p>.
func (s *scanner) addBlock(ls, i, end, le int, it scItem) {
	s.flush(ls)
	if n := len(s.out); n > 0 {
		prev := s.out[:n-1]
		prev = prev[bytes.LastIndexByte(prev, '\n')+1:]
		if s.out[n-1] != '\n' || !isBlank(prev) {
			if s.out[n-1] != '\n' {
				s.out = append(s.out, '\n')
			}
			s.out = append(s.out, '\n')
		}
	}
	s.out = appendToken(s.out, len(s.items))
	s.items = append(s.items, it)
	s.out = append(s.out, '\n')
	if le < len(s.src) && !isBlank(s.src[le:s.lineEnd(le)]) {
		s.out = append(s.out, '\n')
	}
	s.last = le
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// parseShortcode parses the name and arguments of a shortcode from src[j:]
// up to ">}}". src ends where the shortcode must be closed.
func parseShortcode(src []byte, j int) (name string, args map[string]string, end int, err error) {
	skip := func() {
		for j < len(src) && isSpaceByte(src[j]) {
			j++
		}
	}
	closing := func() bool { return bytes.HasPrefix(src[j:], []byte(">}}")) }
	// word reads an unquoted name, key or value.
	word := func() string {
		k := j
		for j < len(src) && !isSpaceByte(src[j]) && src[j] != '=' && src[j] != '"' && src[j] != '`' && !closing() {
			if bytes.HasPrefix(src[j:], []byte("{{<")) {
				break
			}
			j++
		}
		return string(src[k:j])
	}
	unclosed := errors.New(`not closed: missing ">}}" before the end of the paragraph`)

	skip()
	if j >= len(src) {
		return "", nil, 0, unclosed
	}
	if closing() {
		return "", nil, 0, errors.New("missing shortcode name")
	}
	name = word()
	switch {
	case name == "":
		return "", nil, 0, fmt.Errorf("unexpected %s where the shortcode name should be", describe(src, j))
	case strings.HasPrefix(name, "/"):
		return name, nil, 0, errors.New("closing shortcodes are not supported (shortcodes have no inner content)")
	}
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("-_./", r) {
			return name, nil, 0, fmt.Errorf("invalid character %q in shortcode name", r)
		}
	}
	args = map[string]string{}
	positional := 0
	for {
		start := j
		skip()
		if j >= len(src) {
			return name, nil, 0, unclosed
		}
		if closing() {
			return name, args, j + 3, nil
		}
		if j == start {
			return name, nil, 0, fmt.Errorf("unexpected %s after an argument: arguments are separated by spaces", describe(src, j))
		}
		if bytes.HasPrefix(src[j:], []byte("{{<")) {
			return name, nil, 0, unclosed
		}
		var key, value string
		switch src[j] {
		case '"', '`':
			value, err = quoted(src, &j)
			if err != nil {
				return name, nil, 0, err
			}
			key = strconv.Itoa(positional)
			positional++
		case '=':
			return name, nil, 0, errors.New(`argument without a name before "="`)
		default:
			w := word()
			if j < len(src) && src[j] == '=' {
				key = w
				j++
				if j >= len(src) {
					return name, nil, 0, unclosed
				}
				switch src[j] {
				case '"', '`':
					value, err = quoted(src, &j)
					if err != nil {
						return name, nil, 0, fmt.Errorf("argument %s: %w", key, err)
					}
				default:
					if isSpaceByte(src[j]) || closing() {
						return name, nil, 0, fmt.Errorf("argument %s has no value after \"=\"", key)
					}
					value = word()
					if value == "" {
						return name, nil, 0, fmt.Errorf("argument %s: unexpected %s", key, describe(src, j))
					}
				}
			} else if j < len(src) && (src[j] == '"' || src[j] == '`') {
				return name, nil, 0, fmt.Errorf("bad quoting: quote %q inside the unquoted argument %q", src[j], w)
			} else {
				key = strconv.Itoa(positional)
				positional++
				value = w
			}
		}
		if _, dup := args[key]; dup {
			return name, nil, 0, fmt.Errorf("argument %s given twice", key)
		}
		args[key] = value
	}
}

// quoted reads "…" (with \" and \\ escapes, on one line) or `…` (raw, may
// span lines) at src[*j].
func quoted(src []byte, j *int) (string, error) {
	q := src[*j]
	i := *j + 1
	if q == '`' {
		k := bytes.IndexByte(src[i:], '`')
		if k < 0 {
			return "", errors.New("unterminated `raw` value")
		}
		*j = i + k + 1
		return string(src[i : i+k]), nil
	}
	var b strings.Builder
	for i < len(src) {
		c := src[i]
		switch {
		case c == '"':
			*j = i + 1
			return b.String(), nil
		case c == '\n':
			return "", errors.New(`bad quoting: the quoted value is not closed on its line (a literal " is written \")`)
		case c == '\\' && i+1 < len(src) && (src[i+1] == '"' || src[i+1] == '\\'):
			b.WriteByte(src[i+1])
			i += 2
			continue
		}
		b.WriteByte(c)
		i++
	}
	return "", errors.New(`bad quoting: the quoted value is not closed (a literal " is written \")`)
}

func describe(src []byte, j int) string {
	if j >= len(src) {
		return "end of text"
	}
	r, _ := utf8.DecodeRune(src[j:])
	return strconv.QuoteRune(r)
}

// shortcodes holds a document's shortcodes while it is rendered.
type shortcodes struct {
	items []scItem
	errs  []ShortcodeError
}

// resolve calls fn for every shortcode that is not literal, in source order.
func (st *shortcodes) resolve(fn ShortcodeFunc) {
	for i := range st.items {
		it := &st.items[i]
		if it.literal {
			it.html = html.EscapeString(it.raw)
			continue
		}
		if fn == nil {
			st.errs = append(st.errs, ShortcodeError{Line: it.sc.Line, Col: it.sc.Col, Name: it.sc.Name, Err: ErrNoShortcodes})
			continue
		}
		out, err := callShortcode(fn, it.sc)
		if err != nil {
			st.errs = append(st.errs, ShortcodeError{Line: it.sc.Line, Col: it.sc.Col, Name: it.sc.Name, Err: err})
			continue
		}
		it.html = out
	}
}

// callShortcode calls fn, turning a panic into an error so one bad shortcode
// does not stop a parallel build.
func callShortcode(fn ShortcodeFunc, sc Shortcode) (out string, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return fn(sc)
}

// markLiteral marks the shortcodes whose tokens occur in b (code) as literal.
func (st *shortcodes) markLiteral(b []byte) {
	for {
		k := bytes.Index(b, tokenPrefix)
		if k < 0 {
			return
		}
		b = b[k:]
		idx, n := parseToken(b)
		if idx >= 0 && idx < len(st.items) {
			st.items[idx].literal = true
			b = b[n:]
			continue
		}
		b = b[len(tokenPrefix):]
	}
}

// replace replaces the tokens in b: by the shortcode's HTML, or by its
// literal text when plain is true (literal shortcodes only; others vanish).
func (st *shortcodes) replace(b []byte, plain bool) []byte {
	if !bytes.Contains(b, tokenPrefix) {
		return b
	}
	out := make([]byte, 0, len(b)+256)
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
		it := &st.items[idx]
		switch {
		case plain:
			out = append(out, b[:k]...)
			if it.literal {
				out = append(out, it.raw...)
			}
		case it.block && bytes.HasSuffix(b[:k], []byte("<p>")) && bytes.HasPrefix(b[k+n:], []byte("</p>")):
			out = append(out, b[:k-len("<p>")]...)
			out = append(out, it.html...)
			n += len("</p>")
		default:
			out = append(out, b[:k]...)
			out = append(out, it.html...)
		}
		b = b[k+n:]
	}
}
