-- Which Stagehand process a run belongs to: the application name of the connection that started it
-- ("stagehand <id>", one per process). A run still RUNNING whose process has no connection any more
-- was left behind by a process that died, and is marked ABORTED by the next one to start.
ALTER TABLE runs ADD COLUMN instance text DEFAULT current_setting('application_name');
