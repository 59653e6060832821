"""The API's OpenAPI schema as tests read it."""


def parameter_descriptions(schema, path, names):
    """``{name: description}`` of the query parameters ``names`` of ``GET path``."""
    return {parameter["name"]: parameter.get("description")
            for parameter in schema["paths"][path]["get"]["parameters"]
            if parameter["name"] in names}
