package org.mailward.connector.testing;

import jakarta.resource.spi.work.ExecutionContext;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkListener;
import jakarta.resource.spi.work.WorkManager;

/** Runs each Work on a plain daemon thread, enough for the accept loops. */
public final class ThreadWorkManager implements WorkManager {

    @Override
    public void doWork(Work work) {
        work.run();
    }

    @Override
    public void doWork(Work work, long startTimeout, ExecutionContext context, WorkListener listener) {
        doWork(work);
    }

    @Override
    public long startWork(Work work) {
        Thread thread = new Thread(work, "test-work");
        thread.setDaemon(true);
        thread.start();
        return 0;
    }

    @Override
    public long startWork(Work work, long startTimeout, ExecutionContext context, WorkListener listener) {
        return startWork(work);
    }

    @Override
    public void scheduleWork(Work work) {
        startWork(work);
    }

    @Override
    public void scheduleWork(Work work, long startTimeout, ExecutionContext context, WorkListener listener) {
        startWork(work);
    }
}
