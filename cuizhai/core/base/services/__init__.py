"""Writes every app's services build on: tracked records and the closed loop."""
