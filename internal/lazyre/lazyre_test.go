package lazyre_test

import (
	"testing"

	"github.com/gongkai-dev/gongkai/internal/lazyre"
)

func TestNewCompilesOnceOnFirstUse(t *testing.T) {
	re := lazyre.New(`^(\d{4})年$`)
	first := re()
	if m := first.FindStringSubmatch("2024年"); len(m) != 2 || m[1] != "2024" {
		t.Fatalf("FindStringSubmatch = %q", m)
	}
	if re() != first {
		t.Error("the expression was compiled again")
	}
}

func TestNewPanicsOnFirstUseOfABadExpression(t *testing.T) {
	re := lazyre.New(`(`) // not compiled yet: no panic here
	defer func() {
		if recover() == nil {
			t.Error("a bad expression did not panic when used")
		}
	}()
	re()
}
