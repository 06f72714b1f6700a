"""The demo's tests, one package per tier: unit, integration, acceptance, smoke."""
