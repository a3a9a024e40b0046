// Package suggest finds what an author probably meant when a key or column
// name is misspelt, so that errors can say "是否想写 title？".
package suggest

// Distance is the Levenshtein distance between a and b, in runes. Names
// are short; inputs longer than 64 runes are never a typo of one, and get a
// distance too large to match.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		return 1 << 20
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Nearest returns the candidate that name is most probably a misspelling
// of, or "" when none is close enough: at most one edit per three bytes of
// the candidate (meant for ASCII keys: "targt_year" → "target_year", but
// "id" suggests nothing). Of equally close candidates the first wins.
func Nearest(name string, candidates []string) string {
	best, bestD := "", 1<<30
	for _, c := range candidates {
		d := Distance(name, c)
		if d*3 <= len(c) && d < bestD {
			best, bestD = c, d
		}
	}
	return best
}
