"""Tests of the writers layer."""
