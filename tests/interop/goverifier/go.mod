module hromada/goverifier

go 1.19

require golang.org/x/mod v0.7.0

// Debian's golang-golang-x-mod-dev sources: the build needs no network and no go.sum
// (a module replaced by a local directory is not checksummed).
replace golang.org/x/mod => /usr/share/gocode/src/golang.org/x/mod
