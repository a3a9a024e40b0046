package portal

import (
	"unicode"
	"unicode/utf8"
)

// The search index is Chinese-aware without a dictionary: a run of Chinese
// characters is indexed as its overlapping pairs (bigrams), so that any word
// of two or more characters is found inside running text — 优质均衡 is
// 优质 质均 均衡, and a query for 均衡 finds it. A run of other letters and
// digits is one token (2024, mb1234567x). Text is normalised first: full-
// width ASCII to half-width, A–Z to a–z.
//
// static/js/search.js implements exactly the same rules for queries; the
// two must change together (TestTokenizeMatchesJS checks them against each
// other in a browser).

// normRune maps a character to its indexed form.
func normRune(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E { // full-width ASCII
		r -= 0xFEE0
	}
	if r >= 'A' && r <= 'Z' {
		r += 'a' - 'A'
	}
	return r
}

// isHan reports whether r is a Chinese character (Unicode script Han; the
// JavaScript side tests \p{Script=Han}).
// The block of CJK Unified Ideographs, nearly every character of a Chinese
// text, is all Han: tested first, without the table.
func isHan(r rune) bool {
	return 0x4E00 <= r && r <= 0x9FFF || r >= 0x2E80 && !isPunctuation(r) && unicode.Is(unicode.Han, r)
}

// isWord reports whether r belongs to a word token: a letter or digit that
// is not Han (JavaScript: [\p{L}\p{N}]).
func isWord(r rune) bool { return !isPunctuation(r) && (unicode.IsLetter(r) || unicode.IsNumber(r)) }

// isPunctuation reports whether r is one of the common punctuation marks
// of Chinese text (、。“”《》【】〔〕—…), none of them Han, a letter or a
// number. Performance: they are told apart without searching unicode's
// tables, which isHan and isWord otherwise do for every one of them
// (TestPunctuationNeitherHanNorWord).
func isPunctuation(r rune) bool {
	return 0x2010 <= r && r <= 0x2027 || 0x3000 <= r && r <= 0x3004 || 0x3008 <= r && r <= 0x3011 || 0x3014 <= r && r <= 0x301F
}

// maxWord caps the length of one word token, in characters.
const maxWord = 40

// token is one term of a text, with whether it is a single Chinese
// character standing alone (such a term is optional in a query, see
// parseQuery).
type token struct {
	text   string
	single bool
}

// tokenize splits text into index terms: the bigrams of each run of Chinese
// characters (a run of one character is that character), and each run of
// other letters and digits. With unigrams set, every Chinese character is
// also a term of its own (titles and metadata, so that a one-character
// query finds them).
//
// Performance: a term is a substring of text (sliced by byte offsets)
// whenever normalising leaves it unchanged — always for Chinese characters,
// which normRune does not map — so that tokenizing allocates nothing per
// term. Only a word with upper-case or full-width letters is built anew.
// (It allocated a string per bigram: 13% of the CPU of a 2,000-document
// build, docs/performance.md.)
func tokenize(text string, unigrams bool, emit func(token)) {
	// The current run of Chinese characters: its byte range, the start of
	// its last character and its length in characters.
	hanStart, hanEnd, hanLast, hanN := 0, 0, 0, 0
	// The current word: its start, its length in characters (counted up to
	// maxWord), the end of its first maxWord characters, and whether
	// normalising changes them.
	wordStart, wordN, wordCut, wordNorm := 0, 0, 0, false
	flushHan := func() {
		switch {
		case hanN == 1:
			emit(token{text: text[hanStart:hanEnd], single: true})
		case hanN > 1 && unigrams:
			for i, r := range text[hanStart:hanEnd] {
				emit(token{text: text[hanStart+i : hanStart+i+utf8.RuneLen(r)], single: true})
			}
		}
		hanN = 0
	}
	flushWord := func() {
		if wordN == 0 {
			return
		}
		w := text[wordStart:wordCut]
		if wordNorm {
			b := make([]byte, 0, len(w))
			for _, r := range w {
				b = utf8.AppendRune(b, normRune(r))
			}
			w = string(b)
		}
		emit(token{text: w})
		wordN = 0
	}
	for i := 0; i < len(text); {
		if c := text[i]; c >= 0xE4 && c <= 0xE9 && i+2 < len(text) && (c != 0xE4 || text[i+1] >= 0xB8) && text[i+1]&0xC0 == 0x80 && text[i+2]&0xC0 == 0x80 {
			// U+4E00–U+9FFF, the CJK Unified Ideographs (three bytes
			// led by E4 B8–E9 BF): most of a Chinese text, and Chinese
			// as they are (normRune leaves them, isHan takes them).
			flushWord()
			if hanN == 0 {
				hanStart = i
			} else {
				emit(token{text: text[hanLast : i+3]})
			}
			hanLast, hanEnd = i, i+3
			hanN++
			i += 3
			continue
		}
		var r rune
		var size int
		if c := text[i]; c >= 0xE1 && c <= 0xEF && c != 0xED && i+2 < len(text) && text[i+1]&0xC0 == 0x80 && text[i+2]&0xC0 == 0x80 {
			// Three bytes led by E1–EC or EE–EF (every continuation byte
			// valid): the common Chinese characters and the full-width
			// punctuation (，：（）), decoded here rather than by
			// DecodeRuneInString's slow path.
			r, size = rune(c&0x0F)<<12|rune(text[i+1]&0x3F)<<6|rune(text[i+2]&0x3F), 3
		} else {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		n := normRune(r)
		switch {
		case isHan(n):
			flushWord()
			if hanN == 0 {
				hanStart = i
			} else {
				// The bigram of the previous character and this one,
				// emitted as the run grows: the same order as before.
				emit(token{text: text[hanLast : i+size]})
			}
			hanLast, hanEnd = i, i+size
			hanN++
		case isWord(n):
			flushHan()
			if wordN == 0 {
				wordStart, wordNorm = i, false
			}
			if wordN < maxWord {
				wordCut = i + size
				wordNorm = wordNorm || n != r
				wordN++
			}
		default:
			flushHan()
			flushWord()
		}
		i += size
	}
	flushHan()
	flushWord()
}

// terms returns the distinct terms of text in first-seen order.
func terms(text string, unigrams bool) []string {
	seen := map[string]bool{}
	var out []string
	tokenize(text, unigrams, func(t token) {
		if !seen[t.text] {
			seen[t.text] = true
			out = append(out, t.text)
		}
	})
	return out
}

// Terms returns the distinct index terms of text in first-seen order (for
// tests that compare this tokenizer with search.js).
func Terms(text string, unigrams bool) []string { return terms(text, unigrams) }
