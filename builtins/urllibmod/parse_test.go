package urllibmod

import "testing"

// CPython 3.12's test_roundtrips: itms-services is in uses_netloc, so an
// empty netloc keeps its "//" when the URL is put back together.
func TestUnsplitItmsServices(t *testing.T) {
	url := "itms-services://?action=download-manifest&url=https://example.com/app"
	p, err := urlsplit(url, "", true)
	if err != nil {
		t.Fatal(err)
	}
	if got := urlunsplit(p); got != url {
		t.Errorf("urlunsplit(urlsplit(%q)) = %q", url, got)
	}
	q, err := urlparse(url, "", true)
	if err != nil {
		t.Fatal(err)
	}
	if got := urlunparse(q); got != url {
		t.Errorf("urlunparse(urlparse(%q)) = %q", url, got)
	}
}
