-- The conflict engine reads a person's other shifts around every shift it checks (each write,
-- each list). These two indexes now hold every column it reads, so a check reads a few index
-- pages instead of one table page per shift found (the rows of one person lie all over the
-- file, by the date they were written).
DROP INDEX shifts_user_time;
CREATE INDEX shifts_user_time ON shifts
    (assigned_user_id, starts_at, ends_at, break_minutes, shift_date, schedule_id, tenant_id, id, deleted_at)
    WHERE deleted_at IS NULL;

DROP INDEX shifts_tenant_time;
CREATE INDEX shifts_tenant_time ON shifts
    (tenant_id, starts_at, assigned_user_id, ends_at, break_minutes, shift_date, schedule_id, id, deleted_at)
    WHERE deleted_at IS NULL;
