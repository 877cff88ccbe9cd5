-- Trigram similarity for fuzzy text search over patterns and messages (available on PGlite and PostgreSQL 13+).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
