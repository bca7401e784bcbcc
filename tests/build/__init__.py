"""Tests of the build layer."""
