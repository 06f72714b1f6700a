"""Code shared by the API and the tests: the database models and their DAOs."""
