-- The history trigger plans its statements once per connection. Its record_state call takes the
-- entity as a parameter, so a custom plan (PostgreSQL's choice for it) is cheaper to run than the
-- generic one only by the one-time filters of the entities it is not, and was planned again on
-- every record a transaction wrote: about half the trigger's time, in each saving transaction's
-- COMMIT. The generic plan runs one branch of record_state all the same.
ALTER FUNCTION identity.record_history() SET plan_cache_mode = force_generic_plan;
