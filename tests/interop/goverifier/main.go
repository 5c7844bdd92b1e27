// Command goverifier checks a Hromada transparency log from its public paths only, with the Go
// project's own implementation of signed notes (golang.org/x/mod/sumdb/note) and of RFC 6962 tiled
// logs (golang.org/x/mod/sumdb/tlog): an implementation independent of the Python code that
// produces the log.
//
//	goverifier [verify] --base http://host:port [--key VKEY | --key-url URL]
//	    [--old-checkpoint FILE] [--save-checkpoint FILE] [--max-entries N] [--api-samples N]
//
// It verifies the checkpoint's signature with the published (or given) Ed25519 verifier key,
// recomputes the root from the C2SP hash tiles, hashes every entry of the entry bundles (or an even
// sample of them) and proves each one included, checks consistency with an older checkpoint, and
// compares the JSON API's proofs and roots with the ones tlog computes. Exit status 0: all verified;
// 1: the log failed a check (the message says which); 2: bad usage.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// tileHeight is fixed by C2SP tlog-tiles: 256 hashes per full tile.
const tileHeight = 8
const tileWidth = 1 << tileHeight

// maxBody bounds what one response may hold (a full tile is 8 KiB; a full bundle at most ~16 MiB).
const maxBody = 32 << 20

type failure struct{ msg string }

func (f *failure) Error() string { return f.msg }

func fail(format string, args ...any) error { return &failure{fmt.Sprintf(format, args...)} }

// ------------------------------------------------------------------------------------------ fetching

type client struct {
	http    *http.Client
	base    string // e.g. http://127.0.0.1:8000, no trailing slash
	fetches int
}

// get returns the body of base+path, failing unless the status is 200.
func (c *client) get(path string) ([]byte, error) {
	target := path
	if !strings.HasPrefix(path, "http://") && !strings.HasPrefix(path, "https://") {
		target = c.base + path
	}
	c.fetches++
	req, err := http.NewRequest(http.MethodGet, target, nil)
	if err != nil {
		return nil, fail("GET %s: %v", target, err)
	}
	req.Header.Set("User-Agent", "hromada-goverifier (golang.org/x/mod/sumdb)")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fail("GET %s: %v", target, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return nil, fail("GET %s: reading the body: %v", target, err)
	}
	if len(body) > maxBody {
		return nil, fail("GET %s: body larger than %d bytes", target, maxBody)
	}
	if resp.StatusCode != http.StatusOK {
		snippet := string(body)
		if len(snippet) > 200 {
			snippet = snippet[:200] + "…"
		}
		return nil, fail("GET %s: status %d: %s", target, resp.StatusCode, strings.TrimSpace(snippet))
	}
	return body, nil
}

// --------------------------------------------------------------------------------------- tile paths

// encodeIndex writes a tile index as C2SP tlog-tiles does: zero-padded groups of three digits,
// every group but the last prefixed with "x" (1234067 -> x001/x234/067).
func encodeIndex(n int64) string {
	digits := strconv.FormatInt(n, 10)
	for len(digits)%3 != 0 {
		digits = "0" + digits
	}
	var groups []string
	for i := 0; i < len(digits); i += 3 {
		groups = append(groups, digits[i:i+3])
	}
	for i := 0; i < len(groups)-1; i++ {
		groups[i] = "x" + groups[i]
	}
	return strings.Join(groups, "/")
}

// tilePath is the C2SP path of a tile: tile/<L>/<N>[.p/<W>], or tile/entries/<N>[.p/<W>] for L = -1.
// (tlog.Tile.Path is the Go checksum database's layout, tile/<H>/<L>/..., which C2SP dropped.)
func tilePath(t tlog.Tile) string {
	level := strconv.Itoa(t.L)
	if t.L == -1 {
		level = "entries"
	}
	path := "tile/" + level + "/" + encodeIndex(t.N)
	if t.W < 1<<uint(t.H) {
		path += ".p/" + strconv.Itoa(t.W)
	}
	return path
}

// tileReader is a tlog.TileReader over the log's C2SP tile paths, with a cache.
type tileReader struct {
	c      *client
	prefix string // "/ledger/"
	cache  map[tlog.Tile][]byte
}

func (r *tileReader) Height() int { return tileHeight }

func (r *tileReader) read(t tlog.Tile) ([]byte, error) {
	if data, ok := r.cache[t]; ok {
		return data, nil
	}
	data, err := r.c.get(r.prefix + tilePath(t))
	if err != nil {
		return nil, err
	}
	if len(data) != t.W*tlog.HashSize {
		return nil, fail("tile %s is %d bytes, want %d (%d hashes of 32 bytes)",
			tilePath(t), len(data), t.W*tlog.HashSize, t.W)
	}
	r.cache[t] = data
	return data, nil
}

func (r *tileReader) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		data, err := r.read(t)
		if err != nil {
			return nil, err
		}
		out[i] = data
	}
	return out, nil
}

func (r *tileReader) SaveTiles([]tlog.Tile, [][]byte) {}

// servedTile is the tile a tree of the given size serves for a stored hash index: the widest one.
func servedTile(index, size int64) (tlog.Tile, error) {
	t := tlog.TileForIndex(tileHeight, index)
	available := size>>uint(t.L*tileHeight) - t.N<<tileHeight
	if available > tileWidth {
		available = tileWidth
	}
	if available < int64(t.W) {
		level, n := tlog.SplitStoredHashIndex(index)
		return tlog.Tile{}, fail("hash (%d, %d) is not in a tree of %d entries", level, n, size)
	}
	t.W = int(available)
	return t, nil
}

// plainHashReader reads stored hashes straight from the tiles, authenticating nothing: the root it
// gives is then compared with the signed one.
func plainHashReader(r *tileReader, size int64) tlog.HashReader {
	return tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(indexes))
		for i, index := range indexes {
			t, err := servedTile(index, size)
			if err != nil {
				return nil, err
			}
			data, err := r.read(t)
			if err != nil {
				return nil, err
			}
			if out[i], err = tlog.HashFromTile(t, data, index); err != nil {
				return nil, fail("tile %s: %v", tilePath(t), err)
			}
		}
		return out, nil
	})
}

// tileAuth authenticates full hash tiles against the signed root: a full tile (L, N) must hash to
// the stored hash (8L+8, N) that its parent tile holds, up to a partial tile, whose hashes the root
// itself covers. tlog.TileHashReader (x/mod v0.7.0) is not relied on for this: when several of the
// root's subtree hashes come from one tile, it leaves some of the tiles it reads unauthenticated.
type tileAuth struct {
	tiles *tileReader
	plain tlog.HashReader
	size  int64
	done  map[tlog.Tile]bool
}

// fullTileHash is the hash of the subtree a full tile spans, from Go's code: tlog.HashFromTile gives
// the tile's two level-(8L+7) hashes and tlog.NodeHash joins them.
func fullTileHash(t tlog.Tile, data []byte) (tlog.Hash, error) {
	top := t.L*tileHeight + tileHeight - 1
	left, err := tlog.HashFromTile(t, data, tlog.StoredHashIndex(top, 2*t.N))
	if err != nil {
		return tlog.Hash{}, err
	}
	right, err := tlog.HashFromTile(t, data, tlog.StoredHashIndex(top, 2*t.N+1))
	if err != nil {
		return tlog.Hash{}, err
	}
	return tlog.NodeHash(left, right), nil
}

// covering authenticates the full tiles on the path from the root down to entry i, top down, so a
// mismatch names the highest tile that disagrees with the tree above it.
func (a *tileAuth) covering(i int64) error {
	var chain []tlog.Tile
	for level := 0; level < 8; level++ {
		n := i >> uint(tileHeight*(level+1))
		if (n+1)<<tileHeight > a.size>>uint(tileHeight*level) {
			break // partial (or no) tile at this level: the root covers it
		}
		chain = append(chain, tlog.Tile{H: tileHeight, L: level, N: n, W: tileWidth})
	}
	for k := len(chain) - 1; k >= 0; k-- {
		t := chain[k]
		if a.done[t] {
			continue
		}
		data, err := a.tiles.read(t)
		if err != nil {
			return err
		}
		got, err := fullTileHash(t, data)
		if err != nil {
			return fail("tile %s: %v", tilePath(t), err)
		}
		index := tlog.StoredHashIndex((t.L+1)*tileHeight, t.N)
		want, err := a.plain.ReadHashes([]int64{index})
		if err != nil {
			return err
		}
		parent, _ := servedTile(index, a.size)
		if got != want[0] {
			return fail("hash tile %s hashes to %s, but its parent tile %s holds %s for it (hash (%d, %d))",
				tilePath(t), b64(got), tilePath(parent), b64(want[0]), (t.L+1)*tileHeight, t.N)
		}
		a.done[t] = true
	}
	return nil
}

// ------------------------------------------------------------------------------------- checkpoints

type checkpoint struct {
	origin string
	size   int64
	root   tlog.Hash
	text   string
	sigs   []note.Signature
	others []note.Signature
}

// openCheckpoint verifies a signed note with Go's note.Open and parses the C2SP checkpoint body.
func openCheckpoint(what string, msg []byte, verifier note.Verifier) (*checkpoint, error) {
	n, err := note.Open(msg, note.VerifierList(verifier))
	if err != nil {
		var unverified *note.UnverifiedNoteError
		var invalid *note.InvalidSignatureError
		switch {
		case errors.As(err, &unverified):
			return nil, fail("%s: no signature by key %s+%08x (signatures by: %s)", what,
				verifier.Name(), verifier.KeyHash(), names(unverified.Note.UnverifiedSigs))
		case errors.As(err, &invalid):
			return nil, fail("%s: the signature by %s+%08x does not verify", what, invalid.Name, invalid.Hash)
		}
		return nil, fail("%s: golang.org/x/mod/sumdb/note refuses it: %v", what, err)
	}
	body, err := parseCheckpointBody(n.Text)
	if err != nil {
		return nil, fail("%s: %v", what, err)
	}
	body.sigs, body.others = n.Sigs, n.UnverifiedSigs
	return body, nil
}

func names(sigs []note.Signature) string {
	if len(sigs) == 0 {
		return "none"
	}
	var out []string
	for _, s := range sigs {
		out = append(out, fmt.Sprintf("%s+%08x", s.Name, s.Hash))
	}
	return strings.Join(out, ", ")
}

// parseCheckpointBody parses a C2SP tlog-checkpoint body: origin, decimal size, base64 root, then
// any extension lines. (tlog.ParseTree only accepts the go.sum database's origin line.)
func parseCheckpointBody(text string) (*checkpoint, error) {
	if !strings.HasSuffix(text, "\n") {
		return nil, fail("checkpoint body does not end with a newline")
	}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) < 3 {
		return nil, fail("checkpoint body has %d lines, want at least 3 (origin, size, root)", len(lines))
	}
	origin, sizeText, rootText := lines[0], lines[1], lines[2]
	if origin == "" {
		return nil, fail("checkpoint origin line is empty")
	}
	size, err := strconv.ParseInt(sizeText, 10, 64)
	if err != nil || size < 0 || sizeText != strconv.FormatInt(size, 10) {
		return nil, fail("checkpoint size %q is not a decimal without leading zeros", sizeText)
	}
	root, err := base64.StdEncoding.DecodeString(rootText)
	if err != nil || len(root) != tlog.HashSize || base64.StdEncoding.EncodeToString(root) != rootText {
		return nil, fail("checkpoint root %q is not the standard base64 of 32 bytes", rootText)
	}
	for i, ext := range lines[3:] {
		if ext == "" {
			return nil, fail("checkpoint extension line %d is empty", i+1)
		}
	}
	cp := &checkpoint{origin: origin, size: size, text: text}
	copy(cp.root[:], root)
	return cp, nil
}

// ------------------------------------------------------------------------------------ entry bundles

// decodeBundle splits an entry bundle: each entry a big-endian uint16 length and its bytes.
func decodeBundle(path string, data []byte, want int) ([][]byte, error) {
	var entries [][]byte
	for pos := 0; pos < len(data); {
		if pos+2 > len(data) {
			return nil, fail("entry bundle %s: truncated in the length of entry %d", path, len(entries))
		}
		size := int(data[pos])<<8 | int(data[pos+1])
		pos += 2
		if pos+size > len(data) {
			return nil, fail("entry bundle %s: truncated in entry %d (%d bytes announced, %d left)",
				path, len(entries), size, len(data)-pos)
		}
		entries = append(entries, data[pos:pos+size])
		pos += size
	}
	if len(entries) != want {
		return nil, fail("entry bundle %s holds %d entries, want %d", path, len(entries), want)
	}
	return entries, nil
}

type bundleReader struct {
	c      *client
	prefix string
	size   int64
	cache  map[int64][][]byte
}

// entry returns entry i of the log, fetching its bundle (the widest one the tree serves).
func (b *bundleReader) entry(i int64) ([]byte, string, error) {
	n := i / tileWidth
	width := b.size - n*tileWidth
	if width > tileWidth {
		width = tileWidth
	}
	t := tlog.Tile{H: tileHeight, L: -1, N: n, W: int(width)}
	path := tilePath(t)
	entries, ok := b.cache[n]
	if !ok {
		data, err := b.c.get(b.prefix + path)
		if err != nil {
			return nil, path, err
		}
		if entries, err = decodeBundle(path, data, int(width)); err != nil {
			return nil, path, err
		}
		b.cache[n] = entries
	}
	return entries[i-n*tileWidth], path, nil
}

// -------------------------------------------------------------------------------------------- API

func b64(h tlog.Hash) string { return base64.StdEncoding.EncodeToString(h[:]) }

func decodeHashes(what string, list []string) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(list))
	for i, s := range list {
		raw, err := base64.StdEncoding.DecodeString(s)
		if err != nil || len(raw) != tlog.HashSize {
			return nil, fail("%s: hash %d %q is not the base64 of 32 bytes", what, i, s)
		}
		copy(out[i][:], raw)
	}
	return out, nil
}

func getJSON(c *client, path string, into any) error {
	body, err := c.get(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(body, into); err != nil {
		return fail("GET %s: not the expected JSON: %v", path, err)
	}
	return nil
}

func sameHashes(a, b []tlog.Hash) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// ----------------------------------------------------------------------------------------- verify

type options struct {
	base, key, keyURL, oldCheckpoint, saveCheckpoint string
	maxEntries, apiSamples                           int
	noKeepAlive                                      bool
	timeout                                          time.Duration
}

// sample returns every index below size when size <= max, else max indices spread evenly over
// [0, size), the first and last included.
func sample(size int64, max int) []int64 {
	if size <= 0 || max <= 0 {
		return nil
	}
	if size <= int64(max) {
		out := make([]int64, size)
		for i := range out {
			out[i] = int64(i)
		}
		return out
	}
	if max == 1 {
		return []int64{size - 1}
	}
	seen := map[int64]bool{}
	var out []int64
	for k := 0; k < max; k++ {
		i := int64(k) * (size - 1) / int64(max-1)
		if !seen[i] {
			seen[i] = true
			out = append(out, i)
		}
	}
	return out
}

func verify(o options, out io.Writer) error {
	// Django's development and test servers answer each request on a kept-alive connection ~40 ms
	// late (delayed ACK against a split write); --no-keep-alive opens one connection per request.
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.DisableKeepAlives = o.noKeepAlive
	c := &client{http: &http.Client{Timeout: o.timeout, Transport: transport}, base: strings.TrimRight(o.base, "/")}
	prefix := "/ledger/"

	// 1. The verifier key: given, or as published.
	vkey := o.key
	source := "given with --key"
	if vkey == "" {
		keyURL := o.keyURL
		if keyURL == "" {
			keyURL = c.base + prefix + "key"
		}
		body, err := c.get(keyURL)
		if err != nil {
			return err
		}
		vkey = strings.TrimSpace(string(body))
		source = "from " + keyURL
	}
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		return fail("verifier key %q (%s) is refused by golang.org/x/mod/sumdb/note: %v", vkey, source, err)
	}
	fmt.Fprintf(out, "key: %s+%08x, Ed25519, %s\n", verifier.Name(), verifier.KeyHash(), source)

	// 2. The latest checkpoint, its signature checked by note.Open.
	msg, err := c.get(prefix + "checkpoint")
	if err != nil {
		return err
	}
	cp, err := openCheckpoint("checkpoint", msg, verifier)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "checkpoint: origin %q, size %d, root %s; signature verified (note.Open)", cp.origin, cp.size, b64(cp.root))
	if len(cp.others) > 0 {
		fmt.Fprintf(out, "; %d other signature(s) not checked: %s", len(cp.others), names(cp.others))
	}
	fmt.Fprintln(out)
	if cp.origin != verifier.Name() {
		fmt.Fprintf(out, "warning: the key name %q is not the checkpoint origin %q\n", verifier.Name(), cp.origin)
	}
	if o.saveCheckpoint != "" {
		if err := os.WriteFile(o.saveCheckpoint, msg, 0o644); err != nil {
			return fail("saving the checkpoint to %s: %v", o.saveCheckpoint, err)
		}
	}

	tree := tlog.Tree{N: cp.size, Hash: cp.root}
	tiles := &tileReader{c: c, prefix: prefix, cache: map[tlog.Tile][]byte{}}
	if cp.size == 0 {
		empty := tlog.Hash(sha256.Sum256(nil))
		if cp.root != empty {
			return fail("the checkpoint of the empty tree has root %s, want SHA-256(\"\") = %s", b64(cp.root), b64(empty))
		}
		fmt.Fprintln(out, "tree: empty, root is SHA-256(\"\")")
	} else {
		// 3. The root recomputed from the hash tiles, unauthenticated, then compared.
		fromTiles, err := tlog.TreeHash(cp.size, plainHashReader(tiles, cp.size))
		if err != nil {
			return fail("recomputing the root from the tiles: %v", err)
		}
		if fromTiles != cp.root {
			return fail("the root recomputed from the tiles (tlog.TreeHash) is %s, the signed checkpoint says %s",
				b64(fromTiles), b64(cp.root))
		}
		fmt.Fprintf(out, "tiles: root recomputed from %d hash tile(s) with tlog.TreeHash matches the checkpoint\n", len(tiles.cache))
	}
	auth := tlog.TileHashReader(tree, tiles)

	// 4. Entries: each bundle entry hashed (tlog.RecordHash), found in the authenticated level-0
	//    tile, and proved included (tlog.ProveRecord + tlog.CheckRecord).
	bundles := &bundleReader{c: c, prefix: prefix, size: cp.size, cache: map[int64][][]byte{}}
	indices := sample(cp.size, o.maxEntries)
	leaves := map[int64]tlog.Hash{}
	entries := map[int64][]byte{}
	checked := &tileAuth{tiles: tiles, plain: plainHashReader(tiles, cp.size), size: cp.size, done: map[tlog.Tile]bool{}}
	for _, i := range indices {
		if err := checked.covering(i); err != nil {
			return err
		}
		data, path, err := bundles.entry(i)
		if err != nil {
			return err
		}
		leaf := tlog.RecordHash(data)
		stored, err := auth.ReadHashes([]int64{tlog.StoredHashIndex(0, i)})
		if err != nil {
			return fail("entry %d: reading its leaf hash from the tiles: %v", i, err)
		}
		if stored[0] != leaf {
			return fail("entry %d (bundle %s) hashes to %s with tlog.RecordHash, but the level-0 tile holds %s",
				i, path, b64(leaf), b64(stored[0]))
		}
		proof, err := tlog.ProveRecord(cp.size, i, auth)
		if err != nil {
			return fail("entry %d: building its inclusion proof from the tiles: %v", i, err)
		}
		if err := tlog.CheckRecord(proof, cp.size, cp.root, i, leaf); err != nil {
			return fail("entry %d: inclusion proof in tree %d does not verify: %v", i, cp.size, err)
		}
		leaves[i], entries[i] = leaf, data
	}
	scope := "every entry"
	if int64(len(indices)) < cp.size {
		scope = "an even sample"
	}
	fmt.Fprintf(out, "tiles: %d full hash tile(s) authenticated against their parent tiles\n", len(checked.done))
	fmt.Fprintf(out, "entries: %d of %d (%s) from %d bundle(s), each hashed, found in its tile and proved included (tlog.ProveRecord/CheckRecord)\n",
		len(indices), cp.size, scope, len(bundles.cache))

	// 5. Consistency with an older checkpoint (tlog.ProveTree + tlog.CheckTree).
	var old *checkpoint
	if o.oldCheckpoint != "" {
		msg, err := os.ReadFile(o.oldCheckpoint)
		if err != nil {
			return fail("reading the old checkpoint: %v", err)
		}
		if old, err = openCheckpoint("old checkpoint "+o.oldCheckpoint, msg, verifier); err != nil {
			return err
		}
		switch {
		case old.origin != cp.origin:
			return fail("the old checkpoint's origin %q is not the log's %q", old.origin, cp.origin)
		case old.size > cp.size:
			return fail("the log shrank: the old checkpoint has %d entries, the latest %d", old.size, cp.size)
		case old.size == cp.size:
			if old.root != cp.root {
				return fail("two checkpoints of size %d with different roots: %s and %s (a fork)", cp.size, b64(old.root), b64(cp.root))
			}
		case old.size > 0:
			proof, err := tlog.ProveTree(cp.size, old.size, auth)
			if err != nil {
				return fail("building the consistency proof %d -> %d from the tiles: %v", old.size, cp.size, err)
			}
			if err := tlog.CheckTree(proof, cp.size, cp.root, old.size, old.root); err != nil {
				return fail("the latest checkpoint (%d) is not consistent with the old one (%d): %v", cp.size, old.size, err)
			}
		}
		fmt.Fprintf(out, "consistency: old checkpoint of %d entries -> %d verified (tlog.ProveTree/CheckTree)\n", old.size, cp.size)
	}

	// 6. The JSON API's entries, proofs and roots must be exactly what tlog computes.
	if o.apiSamples > 0 && cp.size > 0 {
		api := "/api/v1/ledger/"
		picked := sample(int64(len(indices)), o.apiSamples)
		for _, k := range picked {
			i := indices[k]
			var entry struct {
				Index    int64  `json:"index"`
				Entry    string `json:"entry"`
				LeafHash string `json:"leaf_hash"`
			}
			if err := getJSON(c, fmt.Sprintf("%sentries/%d", api, i), &entry); err != nil {
				return err
			}
			if entry.Index != i || entry.Entry != string(entries[i]) || entry.LeafHash != b64(leaves[i]) {
				return fail("API entry %d differs from the entry bundle (index %d, leaf_hash %s, want %s)", i, entry.Index, entry.LeafHash, b64(leaves[i]))
			}
			var inclusion struct {
				Hashes []string `json:"hashes"`
			}
			if err := getJSON(c, fmt.Sprintf("%sproofs/inclusion?index=%d&tree_size=%d", api, i, cp.size), &inclusion); err != nil {
				return err
			}
			served, err := decodeHashes(fmt.Sprintf("API inclusion proof of %d", i), inclusion.Hashes)
			if err != nil {
				return err
			}
			want, err := tlog.ProveRecord(cp.size, i, auth)
			if err != nil {
				return fail("entry %d: %v", i, err)
			}
			if err := tlog.CheckRecord(served, cp.size, cp.root, i, leaves[i]); err != nil {
				return fail("the API's inclusion proof of entry %d in tree %d does not verify with tlog.CheckRecord: %v", i, cp.size, err)
			}
			if !sameHashes(served, want) {
				return fail("the API's inclusion proof of entry %d differs from tlog.ProveRecord's", i)
			}
		}
		sizes := map[int64]bool{1: true, cp.size: true, cp.size / 2: true, cp.size - 1: true}
		if old != nil {
			sizes[old.size] = true
		}
		var list []int64
		for m := range sizes {
			if m >= 1 && m <= cp.size {
				list = append(list, m)
			}
		}
		sort.Slice(list, func(a, b int) bool { return list[a] < list[b] })
		for _, m := range list {
			var root struct {
				TreeSize int64  `json:"tree_size"`
				RootHash string `json:"root_hash"`
			}
			if err := getJSON(c, fmt.Sprintf("%sroots/%d", api, m), &root); err != nil {
				return err
			}
			want, err := tlog.TreeHash(m, auth)
			if err != nil {
				return fail("root of %d from the tiles: %v", m, err)
			}
			if root.TreeSize != m || root.RootHash != b64(want) {
				return fail("the API's root of tree %d is %s, tlog.TreeHash over the tiles gives %s", m, root.RootHash, b64(want))
			}
			if old != nil && m == old.size && want != old.root {
				return fail("the tiles' root of tree %d is %s, the old checkpoint says %s", m, b64(want), b64(old.root))
			}
			var consistency struct {
				Hashes []string `json:"hashes"`
			}
			if err := getJSON(c, fmt.Sprintf("%sproofs/consistency?first=%d&second=%d", api, m, cp.size), &consistency); err != nil {
				return err
			}
			served, err := decodeHashes(fmt.Sprintf("API consistency proof %d -> %d", m, cp.size), consistency.Hashes)
			if err != nil {
				return err
			}
			if err := tlog.CheckTree(served, cp.size, cp.root, m, want); err != nil {
				return fail("the API's consistency proof %d -> %d does not verify with tlog.CheckTree: %v", m, cp.size, err)
			}
			proof, err := tlog.ProveTree(cp.size, m, auth)
			if err != nil {
				return fail("consistency proof %d -> %d from the tiles: %v", m, cp.size, err)
			}
			if !sameHashes(served, proof) {
				return fail("the API's consistency proof %d -> %d differs from tlog.ProveTree's", m, cp.size)
			}
		}
		fmt.Fprintf(out, "api: %d entries and inclusion proofs, %d roots and consistency proofs equal tlog's\n", len(picked), len(list))
	}

	fmt.Fprintf(out, "OK: %s verified at tree size %d (%d requests)\n", cp.origin, cp.size, c.fetches)
	return nil
}

func main() {
	args := os.Args[1:]
	if len(args) > 0 && args[0] == "verify" {
		args = args[1:]
	}
	flags := flag.NewFlagSet("goverifier", flag.ContinueOnError)
	var o options
	flags.StringVar(&o.base, "base", "", "the log's site, e.g. http://127.0.0.1:8000 (paths /ledger/... and /api/v1/ledger/...)")
	flags.StringVar(&o.key, "key", "", "the verifier key to trust (default: the one published at --key-url)")
	flags.StringVar(&o.keyURL, "key-url", "", "where to fetch the verifier key (default: <base>/ledger/key)")
	flags.StringVar(&o.oldCheckpoint, "old-checkpoint", "", "a checkpoint seen earlier: prove the latest consistent with it")
	flags.StringVar(&o.saveCheckpoint, "save-checkpoint", "", "write the verified latest checkpoint to this file")
	flags.IntVar(&o.maxEntries, "max-entries", 4096, "check every entry up to this many, else an even sample of this many")
	flags.IntVar(&o.apiSamples, "api-samples", 16, "entries whose JSON API entry and proof are compared with tlog's (0: skip the API)")
	flags.BoolVar(&o.noKeepAlive, "no-keep-alive", false, "one connection per request (faster against Django's runserver)")
	flags.DurationVar(&o.timeout, "timeout", 30*time.Second, "timeout of one HTTP request")
	if err := flags.Parse(args); err != nil {
		os.Exit(2)
	}
	if o.base == "" || flags.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: goverifier [verify] --base URL [--key VKEY | --key-url URL] [--old-checkpoint FILE] ...")
		os.Exit(2)
	}
	if u, err := url.Parse(o.base); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		fmt.Fprintf(os.Stderr, "goverifier: --base must be an http(s) URL, got %q\n", o.base)
		os.Exit(2)
	}
	var report bytes.Buffer
	err := verify(o, &report)
	os.Stdout.Write(report.Bytes())
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: %v\n", err)
		os.Exit(1)
	}
}
