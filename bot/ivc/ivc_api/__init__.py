"""The /ivc/ endpoints: COS-style HMAC-SHA1 signing, its httpx auth, the client and the
reading of its answers (the Code/StatusCode envelope)."""
