"""The dashboard in Debian's Chromium, driven by Playwright, on a live server over loopback."""
