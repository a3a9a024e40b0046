package publish

// indentRecords indents the compact JSON value src two spaces a level, as
// json.Indent does, except that each element of an array is written on one
// line as it is: a school of indicators.json, an excluded school, an item of
// the assurance list is one line. The file stays readable and greppable
// line by line, and on a province site it is a third smaller than indented
// throughout (the schools' fields were most of its lines).
func indentRecords(dst, src []byte) []byte {
	dst, _ = writeRecords(dst, src, 0, 0)
	return dst
}

func writeRecords(dst, src []byte, i, depth int) ([]byte, int) {
	open := src[i]
	if open != '{' && open != '[' || src[i+1] == ']' || src[i+1] == '}' {
		j := skipValue(src, i)
		return append(dst, src[i:j]...), j
	}
	dst = append(dst, open)
	i++
	for {
		dst = newline(dst, depth+1)
		if open == '{' {
			j := skipValue(src, i) // the key
			dst = append(dst, src[i:j]...)
			dst = append(dst, ": "...)
			dst, i = writeRecords(dst, src, j+1, depth+1)
		} else {
			j := skipValue(src, i)
			dst = append(dst, src[i:j]...)
			i = j
		}
		if src[i] != ',' {
			dst = newline(dst, depth)
			return append(dst, src[i]), i + 1
		}
		dst = append(dst, ',')
		i++
	}
}

func newline(dst []byte, depth int) []byte {
	dst = append(dst, '\n')
	for ; depth > 0; depth-- {
		dst = append(dst, "  "...)
	}
	return dst
}

// skipValue is the end of the compact JSON value that starts at i.
func skipValue(src []byte, i int) int {
	nest := 0
	for ; i < len(src); i++ {
		switch src[i] {
		case '"':
			for i++; src[i] != '"'; i++ {
				if src[i] == '\\' {
					i++
				}
			}
		case '{', '[':
			nest++
		case '}', ']':
			if nest == 0 {
				return i
			}
			nest--
		case ',', ':':
			if nest == 0 {
				return i
			}
		}
		if nest == 0 && (src[i] == '"' || src[i] == '}' || src[i] == ']') {
			return i + 1
		}
	}
	return i
}
