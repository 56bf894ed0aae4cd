package moby27782

import "testing"

func TestCloseWhileFollowing(t *testing.T) {
	l := &JSONFileLogger{readers: make(map[*LogWatcher]struct{})}
	w := l.ReadLogs()
	<-w.Msg
	go l.readLogsFixed(NewLogWatcher())
	l.Close()
}
