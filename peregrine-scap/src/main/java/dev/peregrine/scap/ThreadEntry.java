package dev.peregrine.scap;

import java.util.List;

/** One thread of a capture's process list (any block version; fields a version lacks keep their defaults). */
public final class ThreadEntry {
    public long tid, pid, ptid, sid = -1, vpgid = -1, pgid = -1;
    public String comm = "", exe = "", exepath = "", cwd = "", root = "";
    public List<String> args = List.of(), env = List.of(), cgroups = List.of();
    public long fdlimit;
    public int flags, uid, gid = 0;
    public long vmsizeKb, vmrssKb, vmswapKb, pfMajor, pfMinor;
    public long vtid = -1, vpid = -1;
    public long pidnsInitStartTs;
    public int tty;
    public int loginuid = -1;
    public boolean exeWritable, exeUpperLayer, exeLowerLayer, exeFromMemfd;
    public long capInheritable, capPermitted, capEffective;
    public long exeIno, exeInoCtime, exeInoMtime;

    @Override
    public String toString() {
        return "ThreadEntry[tid=" + tid + ", pid=" + pid + ", ptid=" + ptid + ", comm=" + comm + ", exe=" + exe + "]";
    }
}
