"""The /ivc/ endpoints: COS-style HMAC-SHA1 signing, its httpx auth and the client."""
