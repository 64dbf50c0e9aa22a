import type { Connection } from './connection.js';

/** The JSON shape of a skill snapshot. */
interface SkillView {
  skillId: string;
  onShift: boolean | null;
  nextOn: number | null;
  nextOff: number | null;
  isInOffHours: boolean;
}

/**
 * A skill and its working hours, shared by the conversations of a connection.
 *
 * @example
 * ```js
 * if (conversation.skill.isInOffHours()) await conversation.sendMessage('we are closed');
 * ```
 */
export class Skill {
  /** @internal */
  constructor(private readonly connection: Connection, /** The skill id (`-1` = none). */ readonly skillId: string) {}

  private view(): SkillView {
    return JSON.parse(this.connection._core().skill(this.skillId)) as SkillView;
  }

  /** In working hours now (from shift-status data; null when unknown). */
  get onShift(): boolean | null {
    return this.view().onShift;
  }

  /** Epoch ms when the next shift starts. */
  get nextOn(): number | null {
    return this.view().nextOn;
  }

  /** Epoch ms when the current shift ends. */
  get nextOff(): number | null {
    return this.view().nextOff;
  }

  /** True when the skill is off shift and its next shift start is known. */
  isInOffHours(): boolean {
    return this.view().isInOffHours;
  }
}
