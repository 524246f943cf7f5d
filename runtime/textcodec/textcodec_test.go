package textcodec

import (
	"strings"
	"testing"
)

// TestCodecs: decoding and encoding as CPython's codecs do, error
// handlers and messages included.
func TestCodecs(t *testing.T) {
	for _, c := range []struct {
		codec       *Codec
		in, errors  string
		want, error string
	}{
		{UTF8, "a\xe2\x82\xacb", "strict", "a\u20acb", ""},
		{UTF8, "\xe2\x82a", "strict", "", "can't decode bytes in position 0-1: invalid continuation byte"},
		{UTF8, "\xe2\x82a", "replace", "\uFFFDa", ""},
		{UTF8, "a\xed\xa0\x80b", "replace", "a\uFFFD\uFFFD\uFFFDb", ""},
		{UTF8, "a\xffb", "surrogateescape", "a\xffb", ""},
		{UTF8, "a\xffb", "nope", "", "unknown error handler name 'nope'"},
		{UTF8, "abc", "nope", "abc", ""},
		{Latin1, "caf\xe9", "strict", "caf\u00e9", ""},
		{ASCII, "ab\x80c", "ignore", "abc", ""},
		{ASCII, "ab\x80c", "strict", "", "'ascii' codec can't decode byte 0x80 in position 2: ordinal not in range(128)"},
	} {
		got, err := c.codec.Decode([]byte(c.in), c.errors)
		if c.error != "" {
			if err == nil || !strings.Contains(err.Error(), c.error) {
				t.Errorf("%s.Decode(%q, %s): %v, want %q", c.codec.name, c.in, c.errors, err, c.error)
			}
			continue
		}
		if err != nil || string(got) != c.want {
			t.Errorf("%s.Decode(%q, %s) = %q, %v, want %q", c.codec.name, c.in, c.errors, got, err, c.want)
		}
	}
	for _, c := range []struct {
		codec       *Codec
		in, errors  string
		want, error string
	}{
		{Latin1, "caf\u00e9", "strict", "caf\xe9", ""},
		{Latin1, "a\u20ac\u20acb", "strict", "", "'latin-1' codec can't encode characters in position 1-2: ordinal not in range(256)"},
		{ASCII, "a\u20acb", "xmlcharrefreplace", "a&#8364;b", ""},
		{ASCII, "a\xffb", "surrogateescape", "a\xffb", ""},
		{ASCII, "a\u00e9", "surrogateescape", "", "can't encode character '\\xe9' in position 1"},
		{UTF8, "a\xff", "strict", "", "'utf-8' codec can't encode character '\\udcff' in position 1: surrogates not allowed"},
	} {
		got, err := c.codec.Encode(c.in, c.errors)
		if c.error != "" {
			if err == nil || !strings.Contains(err.Error(), c.error) {
				t.Errorf("%s.Encode(%q, %s): %v, want %q", c.codec.name, c.in, c.errors, err, c.error)
			}
			continue
		}
		if err != nil || string(got) != c.want {
			t.Errorf("%s.Encode(%q, %s) = %q, %v, want %q", c.codec.name, c.in, c.errors, got, err, c.want)
		}
	}
	for name, want := range map[string]*Codec{"UTF-8": UTF8, "utf8": UTF8, "ISO-8859-1": Latin1, "Latin_1": Latin1, "US-ASCII": ASCII} {
		if c, err := Lookup(name); c != want || err != nil {
			t.Errorf("Lookup(%q) = %v, %v", name, c, err)
		}
	}
	if _, err := Lookup("utf-99"); err == nil || !strings.Contains(err.Error(), "unknown encoding: utf-99") {
		t.Errorf("Lookup(utf-99): %v", err)
	}
}

// TestStreamCodecs: a text file or pipe takes the codecs it can use a
// piece at a time, and refuses the others with a LookupError saying so.
func TestStreamCodecs(t *testing.T) {
	for name, stream := range map[string]bool{"utf-8": true, "latin-1": true, "ascii": true, "cp1252": true, "windows-1252": true,
		"utf-16": false, "utf-16-le": false, "UTF-32BE": false, "utf-8-sig": false} {
		c, err := Lookup(name)
		if err != nil || c.Stream() != stream {
			t.Errorf("Lookup(%q) = %v, %v; want Stream() %v", name, c, err, stream)
		}
		c, err = LookupStream(name)
		if stream && (c == nil || err != nil) || !stream && (c != nil || err == nil || !strings.Contains(err.Error(), "LookupError: encoding "+name+" is not supported for text files")) {
			t.Errorf("LookupStream(%q) = %v, %v", name, c, err)
		}
	}
	if _, err := LookupStream("nope"); err == nil || !strings.Contains(err.Error(), "unknown encoding: nope") {
		t.Errorf("LookupStream(nope): %v", err)
	}
	// A BOM picks the byte order; without one, little-endian.
	for in, want := range map[string]string{"\xff\xfea\x00": "a", "\xfe\xff\x00a": "a", "a\x00": "a", "\xff\xfe\x3d\xd8\x00\xde": "\U0001f600"} {
		if got, err := utf16Codec.Decode([]byte(in), "strict"); string(got) != want || err != nil {
			t.Errorf("utf-16 Decode(%q) = %q, %v, want %q", in, got, err, want)
		}
	}
	if got, _ := utf32BE.Encode("a\U0001f600", "strict"); string(got) != "\x00\x00\x00a\x00\x01\xf6\x00" {
		t.Errorf("utf-32-be Encode = %q", got)
	}
}
