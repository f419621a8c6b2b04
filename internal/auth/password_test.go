package auth

import (
	"runtime"
	"slices"
	"strings"
	"testing"
	"unicode"

	"jixiao"
)

func TestCheckPassword(t *testing.T) {
	tests := []struct {
		password string
		personal []string
		want     string // the refusal's message; "" for accepted
	}{
		// Length.
		{"", nil, msgShort},
		{"12345678", nil, msgShort},
		{"abc-def", nil, msgShort},
		{"春眠不觉晓处处闻", nil, msgShort}, // 8 characters, 24 bytes
		{strings.Repeat("tea-", 64) + "x", nil, msgLong},

		// Repeated, consecutive and keyboard-adjacent characters.
		{"1234567890", nil, msgPattern},
		{"0987654321", nil, msgPattern},
		{"abcdefghij", nil, msgPattern},
		{"qwertyuiop", nil, msgPattern},
		{"QWERTYUIOP", nil, msgPattern},
		{"asdfghjkl;", nil, msgPattern},
		{"zxcvbnm,./", nil, msgPattern},
		{"!@#$%^&*()", nil, msgPattern},
		{"aaaaaaaaaa", nil, msgPattern},
		{"abcabcabca", nil, msgPattern},
		{"1qaz2wsx3edc", nil, msgPattern},
		{"qazwsxedcrfvtgb", nil, msgPattern},
		{"1q2w3e4r5t6y", nil, msgPattern},
		{"a123456789", nil, msgPattern},
		{"qq123456789", nil, msgPattern},
		{"ｑｗｅｒｔｙｕｉｏｐ", nil, msgPattern}, // full-width, as typed with a Chinese input method

		// The list, with its normalisations.
		{"password123", nil, msgCommon},
		{"woaini1314", nil, msgCommon},
		{"Woaini5201314", nil, msgCommon},
		{"woainiwoaini", nil, msgCommon},
		{"P@ssw0rd2024", nil, msgCommon},
		{"PASSWORD2024", nil, msgCommon},
		{"p@$$w0rd!!", nil, msgCommon},
		{"summer2024!", nil, msgCommon},
		{"dragon2024!!", nil, msgCommon},
		{"iloveyou520!", nil, msgCommon},
		{"zhangwei19860312", nil, msgCommon},
		{"wangjian-1986.10.01", nil, msgCommon},
		{"1314woaini", nil, msgCommon},
		{"5201314520", nil, msgCommon},
		{"13800138000", nil, msgCommon},
		{"５２０１３１４５２０", nil, msgCommon},
		{"beijing2008", nil, msgCommon},
		{"monkey13812345678", nil, msgCommon},

		// Digits.
		{"1986-10-10", nil, msgDigits},
		{"8264019375", nil, msgDigits},
		{"zh83726154", nil, msgDigits},
		{"1986.10.10!", nil, msgDigits},

		// The user's own names.
		{"zhangwei-spring-rain", []string{"zhangwei", "张伟"}, msgPersonal},
		{"zhangwei-2024", []string{"zhangwei"}, msgPersonal}, // the example of docs/server.md
		{"Spring-ZhangWei-rain", []string{"zhangwei"}, msgPersonal},
		{"xiaoming-loves-tea", []string{"li.xiaoming"}, msgPersonal},
		{"4dm1n-of-the-budget", []string{"admin"}, msgPersonal},
		{"张敏的春天在北京下雪", []string{"preparer", "张敏"}, msgPersonal},

		// Accepted.
		{"jixiao-demo", nil, ""},
		{"jixiao-demo", []string{"admin", "系统管理员"}, ""},
		{"correct horse battery staple", nil, ""},
		{"春眠不觉晓处处闻啼鸟", nil, ""},
		{"春天-去西湖-看荷花", nil, ""}, // the example of docs/server.md
		{"Tz9#kLm4Qw2$", nil, ""},
		{"tea-garden-under-moon", []string{"wang.fang", "王芳"}, ""},
		{"lily-of-the-valley-7", []string{"li", "李"}, ""},                // names too short to count
		{"weird-sweater-coffee", []string{"zhang.wei"}, ""},              // "wei" is only a syllable
		{"wo-men-qu-xi-hu-kan-lian-hua", []string{"approver", "李强"}, ""}, // a pinyin sentence
	}
	for _, tc := range tests {
		err := CheckPassword(tc.password, tc.personal...)
		if tc.want == "" {
			if err != nil {
				t.Errorf("%q %q refused: %v", tc.password, tc.personal, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%q %q accepted, want %q", tc.password, tc.personal, tc.want)
			continue
		}
		if jixiao.ErrorCode(err) != jixiao.EINVALID || err.Error() != tc.want {
			t.Errorf("%q %q: %s %q, want %q", tc.password, tc.personal, jixiao.ErrorCode(err), err, tc.want)
		}
		if tc.password != "" && strings.Contains(err.Error(), tc.password) {
			t.Errorf("%q: the message repeats the password", tc.password)
		}
	}
}

// The messages are distinct, so that each tells its own reason.
func TestPasswordMessagesDistinct(t *testing.T) {
	msgs := []string{msgShort, msgLong, msgPersonal, msgPattern, msgCommon, msgDigits}
	for i, m := range msgs {
		if !strings.Contains(m, "：") || slices.Index(msgs, m) != i {
			t.Errorf("message %d %q: not distinct or says no remedy", i, m)
		}
	}
	if !strings.Contains(msgShort, "10个字符") || !strings.Contains(msgCommon, "10个字符") {
		t.Errorf("messages do not state the minimum: %q %q", msgShort, msgCommon)
	}
}

func TestCommonListLoaded(t *testing.T) {
	list := commonList()
	if len(list) < 50000 {
		t.Fatalf("list has %d entries", len(list))
	}
	if !slices.IsSorted(list) {
		t.Error("list is not sorted")
	}
	for i, e := range list {
		if i > 0 && list[i-1] == e {
			t.Errorf("duplicate %q", e)
		}
		if len(e) < 3 || strings.ToLower(e) != e || strings.TrimSpace(e) != e {
			t.Errorf("entry %d %q: too short, not lower-case or spaced", i, e)
		}
	}
	// International entries (zxcvbn-ts) and Chinese ones (RedteamNotes).
	for _, e := range []string{"password", "iloveyou", "trustno1", "p@ssw0rd", "woaini", "5201314", "woaiwojia", "zhangwei", "buzhidao", "xiazhili", "7758521", "aini1314"} {
		if !listed(e) {
			t.Errorf("%q is not listed", e)
		}
	}
	for _, e := range []string{"redteamn0t3s.", "jixiao-demo", "correct horse battery staple"} {
		if listed(e) {
			t.Errorf("%q is listed", e)
		}
	}
}

// The list's strings share the embedded text: loading it allocates only
// the slice of string headers (16 bytes an entry), not a copy.
func TestCommonListMemory(t *testing.T) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	list := loadCommon()
	runtime.ReadMemStats(&after)
	got := after.TotalAlloc - before.TotalAlloc
	t.Logf("loading %d entries allocated %d bytes", len(list), got)
	if limit := uint64(len(list))*16 + 64<<10; got > limit {
		t.Errorf("loading %d entries allocated %d bytes, want at most %d", len(list), got, limit)
	}
	runtime.KeepAlive(list)
}

// Every entry of the list is refused wherever it can be what the user
// typed: as the whole password when it has 10 characters or more, and
// otherwise padded to 10 with a predictable run of digits on the side
// where it has no letter.
func TestEveryListEntryRefused(t *testing.T) {
	letter := func(b byte) bool { return b >= 'a' && b <= 'z' }
	n := 0
	for _, e := range commonList() {
		p := e
		if pad := MinPassword - len(e); pad > 0 {
			switch {
			case letter(e[len(e)-1]):
				p = e + strings.Repeat("1", pad)
			case letter(e[0]):
				p = strings.Repeat("1", pad) + e
			case strings.IndexFunc(e, unicode.IsLetter) < 0:
				p = e + strings.Repeat("1", pad) // digits and symbols: an affix
			default:
				t.Errorf("entry %q can never be matched", e)
				continue
			}
		}
		if err := CheckPassword(p); err == nil {
			t.Errorf("%q (entry %q) accepted", p, e)
			if n++; n > 20 {
				t.Fatal("too many")
			}
		}
	}
}

func TestPredictable(t *testing.T) {
	for s, want := range map[string]bool{
		"":               false,
		"!":              true,
		"1314":           true,
		"123456789":      true,
		"5201314":        true, // listed
		"2024!!":         true,
		"19861010":       true,
		"861010":         true,
		"10/10/1986":     true,
		"13812345678":    true,
		"!@#$%^":         true,
		"948372615":      false,
		"-9483!726#15":   false,
		"94$83!72#61":    false,
		"73920461!!!":    false,
		"5201314!@#$5&*": false,
	} {
		if got := predictable(s); got != want {
			t.Errorf("predictable(%q) = %v", s, got)
		}
	}
}

func BenchmarkCheckPassword(b *testing.B) {
	passwords := []string{"jixiao-demo", "correct horse battery staple", "P@ssw0rd2024", "woaini1314", "zhangwei19860312", "1qaz2wsx3edc", "Tz9#kLm4Qw2$", "xiaoming-loves-tea"}
	commonList()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_ = CheckPassword(passwords[i%len(passwords)], "li.xiaoming", "李晓明")
	}
}
