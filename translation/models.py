"""Translation memory, engines and messaging: built by the translation issue."""
