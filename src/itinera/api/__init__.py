"""The HTTP API: a thin FastAPI layer over :func:`itinera.solver.plan.plan_itinerary`."""
