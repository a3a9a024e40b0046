package render

import (
	"strings"
	"testing"
)

// TestScriptStrings: a theme script's '{{T "key"}}' becomes the key's
// translation as a JavaScript string, escaped so that it cannot end the
// string or the script; the file's name follows its new bytes; a script
// without placeholders is untouched; an unknown key is an error naming it.
func TestScriptStrings(t *testing.T) {
	strs := map[string]string{"hint": `表格较宽"</script>` + "\u2028", "other": "另一句"}
	src := "var a = '{{T \"hint\"}}', b = '{{T \"other\"}}', c = '{{x}}';\n"
	out0, b0 := StaticFile("js/a.js", []byte(src))
	out, b, err := Script("js/a.js", out0, b0, strs)
	if err != nil {
		t.Fatal(err)
	}
	want := "var a = \"表格较宽\\\"\\u003c/script\\u003e\\u2028\", b = \"另一句\", c = '{{x}}';\n"
	if string(b) != want {
		t.Errorf("got %s\nwant %s", b, want)
	}
	if out == out0 || !strings.HasPrefix(out, "assets/js/a.") {
		t.Errorf("named %s (before %s)", out, out0)
	}
	if again, _, _ := Script("js/a.js", out0, b0, strs); again != out {
		t.Errorf("named %s, then %s", out, again)
	}

	plain := []byte("var a = 1;\n")
	if o, b, err := Script("js/p.js", "assets/js/p.x.js", plain, strs); o != "assets/js/p.x.js" || string(b) != string(plain) || err != nil {
		t.Errorf("a script without strings: %s %q %v", o, b, err)
	}

	if _, _, err := Script("js/a.js", out0, []byte(`var a = '{{T "nope"}}';`), strs); err == nil || !strings.Contains(err.Error(), `"nope"`) {
		t.Errorf("an unknown key: %v", err)
	}
}
