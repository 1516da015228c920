"""The destination graph (networkx) and car-free journeys on it."""
