"""Tests of the read layer."""
