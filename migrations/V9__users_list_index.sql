-- The team list is ordered by last name, first name: an index in that order spares SQLite a
-- temporary sort on every page.
CREATE INDEX users_list ON users (tenant_id, lower(last_name), lower(first_name), id);
