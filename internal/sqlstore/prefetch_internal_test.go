package sqlstore

import (
	"encoding/json"
	"fmt"
	"testing"
)

// TestSplitRows compares the copy-free splitting of the database's JSON
// with the standard decoder, on the shapes both engines write.
func TestSplitRows(t *testing.T) {
	for _, in := range []string{
		`[]`, `[[]]`, `[[1, "a"], [2, "b"]]`, "[[1,\"a\"],\n [null, true, false, -12, \"x\\\"]\\\\,y\"]]",
		`[["","💡 </script>"],["\u4e2d\n\t", 12345678901234567890]]`,
	} {
		got, ok := splitRows([]byte(in))
		if !ok {
			t.Errorf("%s: not split", in)
			continue
		}
		var want [][]json.RawMessage
		if err := json.Unmarshal([]byte(in), &want); err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 && len(want) == 0 {
			continue
		}
		if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
			t.Errorf("%s:\n got %q\nwant %q", in, got, want)
		}
	}
	for _, in := range []string{`[[{"a":1}]]`, `[[1,[2]]]`, `[[1`, `[1]`, `[[1]] x`, `[["a]]`} {
		if _, ok := splitRows([]byte(in)); ok {
			t.Errorf("%s: split", in)
		}
	}
}
