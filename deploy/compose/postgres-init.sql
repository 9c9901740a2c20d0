-- Runs once, when the compose stack's database is first created: the
-- statistics `activity-challenge db health` and the dashboards read.
-- (compose.yaml preloads the library with shared_preload_libraries.)
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
