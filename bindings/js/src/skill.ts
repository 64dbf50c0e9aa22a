import type { Connection } from './connection.js';
import type { SkillView } from './generated/SkillView.js';


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
  constructor(
    private readonly connection: Connection,
    /**
     * The skill id (`-1` = none).
     *
     * @example
     * ```js
     * if (conversation.skill.skillId === '-1') await conversation.transfer({ skillId: '12' });
     * ```
     */
    readonly skillId: string,
  ) {}

  private view(): SkillView {
    return JSON.parse(this.connection._core().skill(this.skillId)) as SkillView;
  }

  /**
   * In working hours now (from shift-status data; null when unknown).
   *
   * @example
   * ```js
   * if (conversation.skill.onShift === false) await conversation.sendMessage('We are closed right now.');
   * ```
   */
  get onShift(): boolean | null {
    return this.view().onShift;
  }

  /**
   * Epoch ms when the next shift starts, or null.
   *
   * @example
   * ```js
   * const opens = conversation.skill.nextOn;
   * if (opens) await conversation.sendMessage(`We open at ${new Date(opens).toLocaleTimeString()}`);
   * ```
   */
  get nextOn(): number | null {
    return this.view().nextOn;
  }

  /**
   * Epoch ms when the current shift ends, or null.
   *
   * @example
   * ```js
   * console.log('shift ends at', new Date(conversation.skill.nextOff));
   * ```
   */
  get nextOff(): number | null {
    return this.view().nextOff;
  }

  /**
   * True when the skill is off shift and its next shift start is known.
   *
   * @example
   * ```js
   * if (conversation.skill.isInOffHours()) await conversation.transfer({ skillId: '99' });
   * ```
   */
  isInOffHours(): boolean {
    return this.view().isInOffHours;
  }
}
