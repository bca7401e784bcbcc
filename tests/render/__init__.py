"""Tests of the render layer."""
