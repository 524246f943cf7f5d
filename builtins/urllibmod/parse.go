package urllibmod

import (
	"slices"
	"strings"

	"github.com/procstar/procstar/runtime/pyerr"
	"github.com/procstar/procstar/runtime/pyformat"
)

// CPython's classes of schemes: those that resolve relative references,
// those with a netloc ("//host"), those whose last path segment has
// ";params". "" is in all three: a URL without a scheme. usesNetloc is
// CPython 3.12's, which added "itms-services".
var (
	usesRelative = []string{"", "ftp", "http", "gopher", "nntp", "imap", "wais", "file", "https", "shttp", "mms",
		"prospero", "rtsp", "rtsps", "rtspu", "sftp", "svn", "svn+ssh", "ws", "wss"}
	usesNetloc = []string{"", "ftp", "http", "gopher", "nntp", "telnet", "imap", "wais", "file", "mms", "https",
		"shttp", "snews", "prospero", "rtsp", "rtsps", "rtspu", "rsync", "svn", "svn+ssh", "sftp", "nfs", "git",
		"git+ssh", "ws", "wss", "itms-services"}
	usesParams = []string{"", "ftp", "hdl", "prospero", "http", "imap", "https", "shttp", "rtsp", "rtsps", "rtspu",
		"sip", "sips", "mms", "sftp", "tel"}
)

const schemeChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-."

// dropUnsafe removes what WHATWG's URL parser removes anywhere in a URL.
// (A function, not a strings.Replacer: a package-level one would be init
// code that every process runs at its start, see TestInitCost.)
func dropUnsafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\r' || r == '\n' {
			return -1
		}
		return r
	}, s)
}

// isC0OrSpace is WHATWG's "C0 control or space", stripped from a URL's
// start (not its end: CPython keeps trailing spaces some programs rely on).
func isC0OrSpace(r rune) bool { return r <= ' ' }

// nfkcDelimiters are the characters whose NFKC form holds one of "/?#@:"
// (Unicode 14.0, CPython 3.11's): a netloc holding one of them would split
// differently once IDNA-encoded, which CPython's _checknetloc refuses. Go's
// standard library has no NFKC; no composition makes or removes those ASCII
// delimiters, so the characters alone decide.
const nfkcDelimiters = "\u2047\u2048\u2049\u2100\u2101\u2105\u2106\u2a74\ufe13\ufe16\ufe55\ufe56\ufe5f\ufe6b\uff03\uff0f\uff1a\uff1f\uff20"

// urlsplit is CPython's urlsplit: scheme, netloc, path, query, fragment.
func urlsplit(url, scheme string, allowFragments bool) ([]string, error) {
	url = dropUnsafe(strings.TrimLeftFunc(url, isC0OrSpace))
	scheme = dropUnsafe(strings.TrimFunc(scheme, isC0OrSpace))
	var netloc, query, fragment string
	if i := strings.IndexByte(url, ':'); i > 0 && isASCIILetter(url[0]) && onlyIn(url[:i], schemeChars) {
		scheme, url = strings.ToLower(url[:i]), url[i+1:]
	}
	if strings.HasPrefix(url, "//") {
		end := len(url)
		if i := strings.IndexAny(url[2:], "/?#"); i >= 0 {
			end = 2 + i
		}
		netloc, url = url[2:end], url[end:]
		bracket := strings.Contains(netloc, "[")
		if bracket != strings.Contains(netloc, "]") {
			return nil, pyerr.New(pyerr.ValueError, "Invalid IPv6 URL")
		}
		if bracket {
			_, bracketed, _ := strings.Cut(netloc, "[")
			host, _, _ := strings.Cut(bracketed, "]")
			if err := checkBracketedHost(host); err != nil {
				return nil, err
			}
		}
	}
	if allowFragments {
		url, fragment, _ = strings.Cut(url, "#")
	}
	url, query, _ = strings.Cut(url, "?")
	if strings.ContainsAny(netloc, nfkcDelimiters) {
		return nil, pyerr.New(pyerr.ValueError, "netloc '%s' contains invalid characters under NFKC normalization", netloc)
	}
	return []string{scheme, netloc, url, query, fragment}, nil
}

// urlparse is CPython's urlparse: urlsplit with the path's ";params" apart.
func urlparse(url, scheme string, allowFragments bool) ([]string, error) {
	s, err := urlsplit(url, scheme, allowFragments)
	if err != nil {
		return nil, err
	}
	path, params := s[2], ""
	if slices.Contains(usesParams, s[0]) && strings.Contains(path, ";") {
		// The params are those of the last segment.
		last := max(strings.LastIndexByte(path, '/'), 0)
		if i := strings.IndexByte(path[last:], ';'); i >= 0 {
			path, params = path[:last+i], path[last+i+1:]
		}
	}
	return []string{s[0], s[1], path, params, s[3], s[4]}, nil
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func onlyIn(s, set string) bool {
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(set, s[i]) < 0 {
			return false
		}
	}
	return true
}

// checkBracketedHost is CPython's _check_bracketed_host: between brackets,
// an IPvFuture ("v1.x") or an IPv6 address, as ipaddress reads them.
func checkBracketedHost(host string) error {
	if strings.HasPrefix(host, "v") {
		// re.match(r"\Av[a-fA-F0-9]+\..+\Z", host); urlsplit removed any "\n".
		i := 1
		for i < len(host) && isHex(host[i]) {
			i++
		}
		if i == 1 || i+1 >= len(host) || host[i] != '.' {
			return pyerr.New(pyerr.ValueError, "IPvFuture address is invalid")
		}
		return nil
	}
	if isIPv4(host) {
		return pyerr.New(pyerr.ValueError, "An IPv4 address cannot be in brackets")
	}
	if !isIPv6(host) {
		return pyerr.New(pyerr.ValueError, "%s does not appear to be an IPv4 or IPv6 address", pyformat.QuoteStr(host))
	}
	return nil
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// isIPv4 is ipaddress.IPv4Address's test: four decimal octets up to 255,
// without leading zeros.
func isIPv4(s string) bool {
	octets := strings.Split(s, ".")
	if len(octets) != 4 {
		return false
	}
	for _, o := range octets {
		if o == "" || len(o) > 3 || !onlyIn(o, "0123456789") || len(o) > 1 && o[0] == '0' {
			return false
		}
		if n := atoi(o); n > 255 {
			return false
		}
	}
	return true
}

// isIPv6 is ipaddress.IPv6Address's test: hextets with at most one "::",
// maybe an IPv4 address last, maybe a "%zone".
func isIPv6(s string) bool {
	addr, zone, hasZone := strings.Cut(s, "%")
	if hasZone && (zone == "" || strings.Contains(zone, "%")) || addr == "" {
		return false
	}
	parts := strings.Split(addr, ":")
	if len(parts) < 3 {
		return false
	}
	if last := parts[len(parts)-1]; strings.Contains(last, ".") {
		if !isIPv4(last) {
			return false
		}
		// The two hextets it stands for; only their validity matters here.
		parts = append(parts[:len(parts)-1], "0", "0")
	}
	const hextets = 8
	if len(parts) > hextets+1 {
		return false
	}
	skip := -1 // the empty part of a "::" inside
	for i := 1; i < len(parts)-1; i++ {
		if parts[i] == "" {
			if skip >= 0 {
				return false
			}
			skip = i
		}
	}
	hi, lo := len(parts), 0 // how many parts before and after the "::"
	if skip >= 0 {
		hi, lo = skip, len(parts)-skip-1
		if parts[0] == "" {
			if hi--; hi != 0 {
				return false
			}
		}
		if parts[len(parts)-1] == "" {
			if lo--; lo != 0 {
				return false
			}
		}
		if hextets-(hi+lo) < 1 {
			return false
		}
	} else if len(parts) != hextets {
		return false
	}
	for _, p := range append(parts[:hi:hi], parts[len(parts)-lo:]...) {
		if p == "" || len(p) > 4 || !onlyIn(p, "0123456789abcdefABCDEF") {
			return false
		}
	}
	return true
}

// atoi is the value of a short run of ASCII digits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// urlunsplit is CPython's urlunsplit of five strings.
func urlunsplit(p []string) string {
	scheme, netloc, url, query, fragment := p[0], p[1], p[2], p[3], p[4]
	if netloc != "" || scheme != "" && slices.Contains(usesNetloc, scheme) && !strings.HasPrefix(url, "//") {
		if url != "" && url[0] != '/' {
			url = "/" + url
		}
		url = "//" + netloc + url
	}
	if scheme != "" {
		url = scheme + ":" + url
	}
	if query != "" {
		url += "?" + query
	}
	if fragment != "" {
		url += "#" + fragment
	}
	return url
}

// urlunparse is CPython's urlunparse of six strings.
func urlunparse(p []string) string {
	path := p[2]
	if p[3] != "" {
		path += ";" + p[3]
	}
	return urlunsplit([]string{p[0], p[1], path, p[4], p[5]})
}

// urljoin is CPython's urljoin of two non-empty URLs: RFC 3986's
// resolution, with CPython's ways (a scheme that is not relative keeps url
// as it is; ".." above the root is dropped).
func urljoin(base, url string, allowFragments bool) (string, error) {
	b, err := urlparse(base, "", allowFragments)
	if err != nil {
		return "", err
	}
	p, err := urlparse(url, b[0], allowFragments)
	if err != nil {
		return "", err
	}
	if p[0] != b[0] || !slices.Contains(usesRelative, p[0]) {
		return url, nil
	}
	if slices.Contains(usesNetloc, p[0]) {
		if p[1] != "" {
			return urlunparse(p), nil
		}
		p[1] = b[1]
	}
	if p[2] == "" && p[3] == "" {
		p[2], p[3] = b[2], b[3]
		if p[4] == "" {
			p[4] = b[4]
		}
		return urlunparse(p), nil
	}
	baseParts := strings.Split(b[2], "/")
	if baseParts[len(baseParts)-1] != "" {
		// The last segment is not a directory: it takes no part.
		baseParts = baseParts[:len(baseParts)-1]
	}
	var segments []string
	if strings.HasPrefix(p[2], "/") {
		segments = strings.Split(p[2], "/")
	} else {
		segments = append(baseParts, strings.Split(p[2], "/")...)
		if n := len(segments); n > 2 {
			// Empty segments inside would make "//" once joined.
			inner := slices.DeleteFunc(slices.Clone(segments[1:n-1]), func(s string) bool { return s == "" })
			segments = slices.Concat(segments[:1], inner, segments[n-1:])
		}
	}
	var resolved []string
	for _, s := range segments {
		switch s {
		case "..":
			// A ".." above the root is dropped.
			if len(resolved) > 0 {
				resolved = resolved[:len(resolved)-1]
			}
		case ".":
		default:
			resolved = append(resolved, s)
		}
	}
	if last := segments[len(segments)-1]; last == "." || last == ".." {
		// A reference ending in a directory keeps its trailing "/".
		resolved = append(resolved, "")
	}
	p[2] = strings.Join(resolved, "/")
	if p[2] == "" {
		p[2] = "/"
	}
	return urlunparse(p), nil
}

// urldefrag is CPython's urldefrag: the URL without its fragment, and the
// fragment.
func urldefrag(url string) ([]string, error) {
	if !strings.Contains(url, "#") {
		return []string{url, ""}, nil
	}
	p, err := urlparse(url, "", true)
	if err != nil {
		return nil, err
	}
	frag := p[5]
	p[5] = ""
	return []string{urlunparse(p), frag}, nil
}
