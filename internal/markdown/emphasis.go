package markdown

import (
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// CommonMark decides whether a run of '*' or '_' can open or close emphasis
// from the characters on both sides of the run (the "flanking" rules). Those
// rules fail Chinese text: in 这是**“加粗”**文字 the closing ** has a
// punctuation mark inside and a letter outside, so it is not right-flanking
// and the text stays literal.
//
// cjkEmphasisParser replaces goldmark's emphasis parser with one that follows
// the CommonMark CJK-friendly amendments
// (https://github.com/tats-u/markdown-cjk-friendly/blob/main/specification.md,
// as implemented by markdown-it-cjk-friendly and remark-cjk-friendly): when
// the character on either side of a '*' run is a CJK character (Han, kana,
// Hangul, CJK and full-width punctuation…), punctuation on the other side no
// longer stops the run from opening or closing. Without a CJK neighbour the
// rules reduce to CommonMark's exactly, and '_' keeps CommonMark's rules (no
// intra-word emphasis), as the amendments imply.
//
// It is stateless, so one value serves concurrent parses. cjkStrikethroughParser
// does the same for GFM's ~~strikethrough~~.
type cjkEmphasisParser struct{}

// cjkEmphasisDelimiters matches '*' with '*' and '_' with '_', like goldmark's
// own emphasis delimiter processor, and produces ordinary ast.Emphasis nodes,
// so the standard renderer and ProcessDelimiters apply unchanged.
type cjkEmphasisDelimiters struct{}

func (cjkEmphasisDelimiters) IsDelimiter(b byte) bool { return b == '*' || b == '_' }

func (cjkEmphasisDelimiters) CanOpenCloser(opener, closer *parser.Delimiter) bool {
	return opener.Char == closer.Char
}

func (cjkEmphasisDelimiters) OnMatch(consumes int) ast.Node { return ast.NewEmphasis(consumes) }

func (cjkEmphasisParser) Trigger() []byte { return []byte{'*', '_'} }

func (cjkEmphasisParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	d := scanDelimiter(block, cjkEmphasisDelimiters{})
	if d == nil {
		return nil
	}
	block.Advance(d.OriginalLength)
	pc.PushDelimiter(d)
	return d
}

// scanDelimiter reads the run of a delimiter character at the reader's
// position and computes whether it can open and close with the CJK-friendly
// rules. It does not advance the reader.
func scanDelimiter(block text.Reader, proc parser.DelimiterProcessor) *parser.Delimiter {
	line, segment := block.PeekLine()
	if len(line) == 0 || !proc.IsDelimiter(line[0]) {
		return nil
	}
	c := line[0]
	n := 1
	for n < len(line) && line[n] == c {
		n++
	}

	before := block.PrecendingCharacter()
	twoBefore := rune(-1) // the character before a variation selector
	if isNonEmojiVS(before) {
		twoBefore = runeBeforeVS(block)
	}
	after := ' ' // the end of the line counts as white space
	if n < len(line) {
		after, _ = utf8.DecodeRune(line[n:])
	}
	canOpen, canClose := flanking(c, before, twoBefore, after)

	d := parser.NewDelimiter(canOpen, canClose, n, c, proc)
	d.Segment = segment.WithStop(segment.Start + n)
	return d
}

// cjkStrikethroughParser is GFM's ~~strikethrough~~ (goldmark's
// extension.Strikethrough) with the CJK-friendly flanking rules of '*', so
// that ~~（已废止）~~文件 is struck through too. It produces the extension's
// Strikethrough nodes, rendered by its renderer.
type cjkStrikethroughParser struct{}

type cjkStrikethroughDelimiters struct{}

func (cjkStrikethroughDelimiters) IsDelimiter(b byte) bool { return b == '~' }

func (cjkStrikethroughDelimiters) CanOpenCloser(opener, closer *parser.Delimiter) bool {
	return opener.Char == closer.Char
}

func (cjkStrikethroughDelimiters) OnMatch(consumes int) ast.Node { return east.NewStrikethrough() }

func (cjkStrikethroughParser) Trigger() []byte { return []byte{'~'} }

func (cjkStrikethroughParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	// like goldmark's: one or two tildes, not after a tilde
	if block.PrecendingCharacter() == '~' {
		return nil
	}
	d := scanDelimiter(block, cjkStrikethroughDelimiters{})
	if d == nil || d.OriginalLength > 2 {
		return nil
	}
	block.Advance(d.OriginalLength)
	pc.PushDelimiter(d)
	return d
}

func (cjkStrikethroughParser) CloseBlock(parent ast.Node, pc parser.Context) {}

// runeBeforeVS returns the character before the variation selector that
// precedes the reader's position, or -1.
func runeBeforeVS(block text.Reader) rune {
	_, seg := block.Position()
	src := block.Source()
	i := seg.Start
	if i > len(src) {
		return -1
	}
	// step back over the variation selector
	_, size := utf8.DecodeLastRune(src[:i])
	i -= size
	if i <= 0 {
		return -1
	}
	r, _ := utf8.DecodeLastRune(src[:i])
	return r
}

// flanking computes whether a delimiter run of char c can open and close
// emphasis. before is the character before the run (a space or newline at the
// start of a line), after the character after it (a space at the end of the
// line); when before is a non-emoji variation selector, twoBefore is the
// character before it (or -1).
func flanking(c byte, before, twoBefore, after rune) (canOpen, canClose bool) {
	// A character followed by a variation selector counts as the character
	// itself, unless it is white space.
	lastMain := before
	if twoBefore >= 0 && !unicode.Is(unicode.Zs, twoBefore) {
		lastMain = twoBefore
	}
	lastSpace := util.IsSpaceRune(lastMain)
	nextSpace := util.IsSpaceRune(after)
	if lastSpace || nextSpace {
		// Next to white space: left-flanking iff followed by non-space,
		// right-flanking iff preceded by non-space, for '*' and '_' alike.
		return !nextSpace, !lastSpace
	}
	lastPunct := util.IsPunctRune(lastMain)
	nextPunct := util.IsPunctRune(after)
	if c == '_' {
		// CommonMark: between two non-space characters '_' opens only after
		// punctuation and closes only before punctuation, so snake_case and
		// __init__ stay literal. The CJK-friendly amendments reduce to the
		// same rule here.
		return lastPunct, nextPunct
	}
	var cjkBefore bool
	if twoBefore >= 0 {
		cjkBefore = isCJK(twoBefore) || (before == 0xFE01 && isQuotationMark(twoBefore))
	} else {
		cjkBefore = isCJK(before) || isIVS(before)
	}
	eitherCJK := isCJK(after) || cjkBefore
	// CommonMark (non-space neighbours): left-flanking iff not followed by
	// punctuation or preceded by punctuation; right-flanking iff not preceded
	// by punctuation or followed by punctuation. A CJK neighbour on either
	// side makes the run both.
	canOpen = lastPunct || !nextPunct || eitherCJK
	canClose = nextPunct || !lastPunct || eitherCJK
	return canOpen, canClose
}

// isCJK reports whether r is a "CJK character" of the CJK-friendly
// amendments.
func isCJK(r rune) bool {
	return r >= 0x1100 && unicode.Is(cjkChars, r)
}

// isIVS reports whether r is an ideographic variation selector.
func isIVS(r rune) bool { return r >= 0xE0100 && r <= 0xE01EF }

// isNonEmojiVS reports whether r is a general-use variation selector other
// than the emoji presentation selector U+FE0F.
func isNonEmojiVS(r rune) bool { return r >= 0xFE00 && r <= 0xFE0E }

// isQuotationMark reports whether r is one of the quotation marks that
// U+FE01 turns into their full-width (CJK) form.
func isQuotationMark(r rune) bool {
	return r == 0x2018 || r == 0x2019 || r == 0x201C || r == 0x201D
}
