"""The 7digital API client: HTTP, OAuth 1.0 and XML into frozen dataclasses. Imports no Qt."""
