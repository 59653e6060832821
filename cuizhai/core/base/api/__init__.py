"""API base classes: serializers, fields, viewsets, export, history, permissions."""
