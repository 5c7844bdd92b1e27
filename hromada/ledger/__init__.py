"""Hromada's public transparency log: an RFC 6962 Merkle log served as C2SP tlog-tiles."""
