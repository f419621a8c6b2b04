package app

import "testing"

func TestAddrKey(t *testing.T) {
	for in, want := range map[string]string{
		"203.0.113.5":          "addr:203.0.113.5",
		"::ffff:203.0.113.5":   "addr:203.0.113.5",
		"2001:db8:1:2:3:4:5:6": "addr:2001:db8:1:2::/64",
		"2001:db8:1:2:ffff::9": "addr:2001:db8:1:2::/64",
		"not an address":       "addr:not an address",
	} {
		if got := addrKey(in); got != want {
			t.Errorf("addrKey(%q) = %q, want %q", in, got, want)
		}
	}
}
