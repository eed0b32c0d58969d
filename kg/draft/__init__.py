"""`kg draft`: a review-ready fact file drafted from an Indonesian news text (see docs/drafting.md)."""
