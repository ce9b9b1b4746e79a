"""The Hugging Face Hub: search and metadata (api), names and paths (files), the token and the address (token,
access), and downloads that resume and verify (downloads, download_queue, http_body)."""
