// Package cockroach16167 is modelled on the shape of cockroach#16167: the
// SQL executor waits for the first system config holding the read side of
// `systemConfigMu` (its `sync.Cond` is built on `RLocker()`), and
// executing the statement looks the database cache up, which read-locks
// `systemConfigMu` again; a gossip update write-locking it in between
// blocks both.
package cockroach16167

import "sync"

type SystemConfig struct{ version int }

type databaseCache struct {
	dbs map[string]int
}

type Executor struct {
	systemConfigMu   sync.RWMutex
	systemConfig     SystemConfig
	systemConfigCond *sync.Cond
	databaseCache    *databaseCache
}

func NewExecutor() *Executor {
	e := &Executor{databaseCache: &databaseCache{dbs: map[string]int{}}}
	e.systemConfigCond = sync.NewCond(e.systemConfigMu.RLocker())
	return e
}

// updateSystemConfig runs on the gossip goroutine.
func (e *Executor) updateSystemConfig(cfg SystemConfig) {
	e.systemConfigMu.Lock()
	defer e.systemConfigMu.Unlock()
	e.systemConfig = cfg
	e.databaseCache = &databaseCache{dbs: map[string]int{}}
	e.systemConfigCond.Broadcast()
}

func (e *Executor) getDatabaseCache() *databaseCache {
	e.systemConfigMu.RLock() // Known miss: the first read lock is taken through the cond's locker (`systemConfigCond.L.Lock()` on `RLocker()`), which the lock model does not name as systemConfigMu.
	defer e.systemConfigMu.RUnlock()
	return e.databaseCache
}

// ExecuteStatements runs on each session's goroutine.
func (e *Executor) ExecuteStatements(stmt string) int {
	e.systemConfigCond.L.Lock()
	defer e.systemConfigCond.L.Unlock()
	for e.systemConfig.version == 0 {
		e.systemConfigCond.Wait()
	}
	return e.execStmt(stmt)
}

func (e *Executor) execStmt(stmt string) int {
	return e.getDatabaseCache().dbs[stmt]
}

// executeStatementsFixed is the shape of upstream's fix: the cond's lock
// is released before the statement runs.
func (e *Executor) executeStatementsFixed(stmt string) int {
	e.systemConfigCond.L.Lock()
	for e.systemConfig.version == 0 {
		e.systemConfigCond.Wait()
	}
	e.systemConfigCond.L.Unlock()
	return e.execStmt(stmt)
}
