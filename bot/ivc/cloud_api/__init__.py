"""Tencent Cloud API 3.0 (service iss): TC3-HMAC-SHA256 signing, its httpx auth, the client,
the reading of its answers (``Response``) and its error codes."""
