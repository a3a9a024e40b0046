package portal

import (
	"unicode"
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
func isHan(r rune) bool { return r >= 0x2E80 && unicode.Is(unicode.Han, r) }

// isWord reports whether r belongs to a word token: a letter or digit that
// is not Han (JavaScript: [\p{L}\p{N}]).
func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }

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
func tokenize(text string, unigrams bool, emit func(token)) {
	var run []rune // current Han run
	var word []rune
	flushHan := func() {
		switch {
		case len(run) == 1:
			emit(token{text: string(run), single: true})
		case len(run) > 1:
			for i := 0; i+1 < len(run); i++ {
				emit(token{text: string(run[i : i+2])})
			}
			if unigrams {
				for _, r := range run {
					emit(token{text: string(r), single: true})
				}
			}
		}
		run = run[:0]
	}
	flushWord := func() {
		if len(word) > 0 {
			if len(word) > maxWord {
				word = word[:maxWord]
			}
			emit(token{text: string(word)})
			word = word[:0]
		}
	}
	for _, r := range text {
		r = normRune(r)
		switch {
		case isHan(r):
			flushWord()
			run = append(run, r)
		case isWord(r):
			flushHan()
			word = append(word, r)
		default:
			flushHan()
			flushWord()
		}
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
