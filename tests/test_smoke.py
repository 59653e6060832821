def test_placeholder_api_root_refuses_anonymous(client, db):
    assert client.get("/api/v1/").status_code == 401
