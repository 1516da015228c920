"""Pure domain model: places, links, travellers, requests and itineraries (stdlib + shapely)."""
